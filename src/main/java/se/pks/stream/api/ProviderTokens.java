package se.pks.stream.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Provider tokens: 32 random bytes, URL-safe, with a {@code pks_} prefix so a leaked token is easy to recognise in a
 * log or a repository scan. Only the SHA-256 of a token is stored; a token is long and random, so a plain hash (no
 * salt, no slow hash) is enough and lets a request be authenticated with one indexed lookup.
 */
final class ProviderTokens {

    static final String PREFIX = "pks_";
    private static final int TOKEN_BYTES = 32;
    private static final int ID_BYTES = 9;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProviderTokens() {
    }

    static String newToken() {
        return PREFIX + randomText(TOKEN_BYTES);
    }

    /** A credential id names a credential in lists and revocations; it is not secret. */
    static String newCredentialId() {
        return "cred_" + randomText(ID_BYTES);
    }

    static String hash(final String token) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static String randomText(final int bytes) {
        final byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
