package se.pks.stream.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * The service as production verifies people's bearer tokens: the signature against the identity provider's public key
 * and the issuer. The key pair stands in for the region's identity provider; it is made on first use under target/,
 * so no private key is kept in the repository, and the test signs its tokens with the private half.
 */
public class PersonTokensProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://login.test.invalid/realms/region";
    private static final Path DIRECTORY = Path.of("target", "person-tokens");
    private static final Path PUBLIC_KEY = DIRECTORY.resolve("public-key.pem");
    private static final Path PRIVATE_KEY = DIRECTORY.resolve("private-key.der");

    @Override
    public Map<String, String> getConfigOverrides() {
        ensureKeyPair();
        return Map.of("mp.jwt.verify.publickey.location", PUBLIC_KEY.toAbsolutePath().toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER);
    }

    /** The identity provider's signing key. */
    static PrivateKey signingKey() {
        ensureKeyPair();
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(PRIVATE_KEY)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key nobody trusts, for a forged token. */
    static PrivateKey foreignKey() {
        return newKeyPair().getPrivate();
    }

    private static synchronized void ensureKeyPair() {
        if (Files.exists(PUBLIC_KEY) && Files.exists(PRIVATE_KEY)) {
            return;
        }
        final KeyPair pair = newKeyPair();
        final String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Files.createDirectories(DIRECTORY);
            Files.write(PRIVATE_KEY, pair.getPrivate().getEncoded());
            Files.writeString(PUBLIC_KEY, pem);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
