package dev.dynauth;

import java.time.Instant;

/** The one expiry rule, Auth.js's: a thing has expired when its expiry lies before now. A missing expiry counts as expired. */
final class Expiry {
    private Expiry() {}

    static boolean expired(Instant expires, Instant now) {
        return expires == null || expires.isBefore(now);
    }
}
