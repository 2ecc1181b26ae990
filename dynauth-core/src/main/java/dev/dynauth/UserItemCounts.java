package dev.dynauth;

/**
 * What a user's partition holds, counted by kind, as returned by {@link DynamoDbAdapter#countUserItems}
 * (for admin tools, e.g. to say what deleting a user removes).
 *
 * @param items          every item of the partition: the user itself, its accounts, sessions, passkeys and anything else
 * @param accounts       linked accounts (WebAuthn accounts included)
 * @param authenticators passkeys
 * @param sessions       sessions, expired ones included until DynamoDB's TTL removes them
 * @param liveSessions   the sessions that have not expired
 */
public record UserItemCounts(int items, int accounts, int authenticators, int sessions, int liveSessions) {

    /** The counts of a partition that holds nothing. */
    public static final UserItemCounts NONE = new UserItemCounts(0, 0, 0, 0, 0);

    public UserItemCounts {
        if (items < 0 || accounts < 0 || authenticators < 0 || sessions < 0 || liveSessions < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (liveSessions > sessions) {
            throw new IllegalArgumentException("liveSessions must not exceed sessions");
        }
    }

    /** Sessions that have expired but are still stored. */
    public int expiredSessions() {
        return sessions - liveSessions;
    }
}
