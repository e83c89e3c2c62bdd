package se.pks.stream.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import se.pks.stream.PksConfig;

/**
 * Guards the operator's admin API with a shared key ({@code pks.admin.key}). Without the key configured the admin API
 * is off: an installation must opt in, so a forgotten setting never leaves it open.
 */
@ApplicationScoped
public class AdminAccess {

    @Inject
    PksConfig config;

    /** Passes when {@code givenKey} is the configured key; compared in constant time so timing does not leak it. */
    public void require(final String givenKey) {
        final Optional<String> adminKey = config.admin().key();
        if (adminKey.isEmpty() || adminKey.get().isBlank()) {
            throw ProblemException.forbidden("The admin API is off: set pks.admin.key (PKS_ADMIN_KEY) to enable it");
        }
        if (givenKey == null || !MessageDigest.isEqual(adminKey.get().getBytes(StandardCharsets.UTF_8),
                givenKey.getBytes(StandardCharsets.UTF_8))) {
            throw ProblemException.unauthorized("Send the admin key in the X-Admin-Key header");
        }
    }
}
