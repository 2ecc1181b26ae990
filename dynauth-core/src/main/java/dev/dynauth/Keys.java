package dev.dynauth;

import java.nio.charset.StandardCharsets;

/**
 * Every key format of the table, in one place. The prefixes are the npm adapter's; the
 * {@code UNIQUE#} items are dynauth's own and live in partitions the npm adapter never reads.
 */
final class Keys {
    private Keys() {}

    static final String USER = "USER#";
    static final String ACCOUNT = "ACCOUNT#";
    static final String SESSION = "SESSION#";
    static final String VT = "VT#";
    static final String AUTHENTICATOR = "AUTHENTICATOR#";
    static final String UNIQUE_EMAIL = "UNIQUE#EMAIL#";
    static final String UNIQUE_ACCOUNT = "UNIQUE#ACCOUNT#";

    /** Entity tags written to {@code type}. An account's {@code type} is its own (oauth, oidc, ...). */
    static final String TYPE_USER = "USER";
    static final String TYPE_SESSION = "SESSION";
    static final String TYPE_VT = "VT";
    static final String TYPE_AUTHENTICATOR = "AUTHENTICATOR";
    static final String TYPE_UNIQUE = "UNIQUE";

    /** DynamoDB's limits, in UTF-8 bytes, for partition and sort key values (tables and indexes alike). */
    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;

    static String user(String userId) { return USER + userId; }
    static String userEmail(String email) { return USER + email; }
    static String accountSort(String provider, String providerAccountId) { return ACCOUNT + provider + "#" + providerAccountId; }
    static String accountIndexPartition(String provider) { return ACCOUNT + provider; }
    static String accountIndexSort(String providerAccountId) { return ACCOUNT + providerAccountId; }
    static String session(String sessionToken) { return SESSION + sessionToken; }
    static String vt(String value) { return VT + value; }
    static String authenticator(String credentialID) { return AUTHENTICATOR + credentialID; }
    static String uniqueEmail(String email) { return UNIQUE_EMAIL + email; }
    static String uniqueAccount(String provider, String providerAccountId) { return UNIQUE_ACCOUNT + provider + "#" + providerAccountId; }

    /** Whether a key part is usable at all: not null, not empty, and the key it makes is within DynamoDB's limit. */
    static boolean usable(String part, String key, int limitBytes) {
        return part != null && !part.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length <= limitBytes;
    }

    static boolean usableAsPartition(String part, String key) {
        return usable(part, key, MAX_PARTITION_KEY_BYTES);
    }

    static boolean usableAsSort(String part, String key) {
        return usable(part, key, MAX_SORT_KEY_BYTES);
    }

    /** For writes: an unusable key part is the caller's mistake. */
    static String require(String part, String key, int limitBytes, String what) {
        if (part == null || part.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (!usable(part, key, limitBytes)) {
            throw new IllegalArgumentException(what + " is too long for a DynamoDB key (" + limitBytes + " bytes at most)");
        }
        return key;
    }
}
