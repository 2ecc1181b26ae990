package dev.dynauth;

import java.nio.charset.StandardCharsets;

/**
 * Every key format of the table, in one place. The prefixes are the npm adapter's; the
 * {@code UNIQUE#}, {@code RATE#}, {@code USED#}, {@code MERGE#} and {@code DEVMAIL} items are dynauth's own and
 * live in partitions the npm adapter never reads. The public part is what other dynauth modules write (rate-limit counters,
 * single-use marks); {@link TableChecker} knows every shape listed here.
 */
public final class Keys {
    private Keys() {}

    static final String USER = "USER#";
    static final String ACCOUNT = "ACCOUNT#";
    static final String SESSION = "SESSION#";
    static final String VT = "VT#";
    static final String AUTHENTICATOR = "AUTHENTICATOR#";
    static final String UNIQUE_EMAIL = "UNIQUE#EMAIL#";
    static final String UNIQUE_ACCOUNT = "UNIQUE#ACCOUNT#";
    static final String RATE = "RATE#";
    static final String USED = "USED#";
    static final String MERGE = "MERGE#";

    /** Entity tags written to {@code type}. An account's {@code type} is its own (oauth, oidc, ...). */
    static final String TYPE_USER = "USER";
    static final String TYPE_SESSION = "SESSION";
    static final String TYPE_VT = "VT";
    static final String TYPE_AUTHENTICATOR = "AUTHENTICATOR";
    static final String TYPE_UNIQUE = "UNIQUE";
    /** The {@code type} of a rate-limit counter ({@link #rateCounter}, {@link #rateWindow}). */
    public static final String TYPE_RATE = "RATE";
    /** The {@code type} of a single-use mark ({@link #singleUse}). */
    public static final String TYPE_USED = "USED";
    /**
     * The partition of the development mailbox of {@code dynauth serve} without SMTP (sort key: when sent and a random
     * id); also its items' {@code type}. Its items expire with their link.
     */
    public static final String DEV_MAIL = "DEVMAIL";
    /** The {@code type} of a merge intent: {@code doctor --fix} finishes the merge it records. */
    static final String TYPE_MERGE = "MERGE";

    /** DynamoDB's limits, in UTF-8 bytes, for partition and sort key values (tables and indexes alike). */
    public static final int MAX_PARTITION_KEY_BYTES = 2048;
    public static final int MAX_SORT_KEY_BYTES = 1024;

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
    /** A merge of user {@code fromUserId} into another, recorded before its first write (partition and sort key alike). */
    static String merge(String fromUserId) { return MERGE + fromUserId; }

    /**
     * The partition key of a fixed-window rate-limit counter: one partition per limited key (an address, a client
     * network), with {@link #rateWindow} as sort key, {@code type} {@value #TYPE_RATE}, a number {@code count} and a
     * TTL on {@code expires}.
     */
    public static String rateCounter(String limitedKey) { return RATE + limitedKey; }

    /** The sort key of a rate-limit counter: its window's start in epoch milliseconds. */
    public static String rateWindow(long windowStartMillis) { return RATE + windowStartMillis; }

    /**
     * The partition and sort key of a single-use mark (the first use of a one-time value, such as an OAuth state),
     * {@code type} {@value #TYPE_USED}, with a TTL on {@code expires}.
     */
    public static String singleUse(String key) { return USED + key; }

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
