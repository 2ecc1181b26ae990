package dev.dynauth;

/**
 * What {@link TableChecker} finds wrong in a table. {@link #fixable()} kinds have one right answer, which
 * {@link TableRepair} applies; {@link #ambiguous()} ones need a policy ({@link TableRepair.Builder#mergeDuplicates});
 * the rest are reported and never touched.
 */
public enum ViolationKind {
    /**
     * A merge of duplicate users that was recorded ({@code MERGE#<user>}) but did not finish (the process died):
     * its one right answer is to finish it, which {@code doctor --fix} does first.
     */
    UNFINISHED_MERGE(true, false, "finish the merge"),
    /** Two or more users with one email (the npm adapter's unconditional puts). */
    DUPLICATE_EMAIL(false, true, "merge the users (doctor --fix --merge-duplicates keeps the oldest)"),
    /** One provider account linked to two or more users. */
    ACCOUNT_LINKED_TWICE(false, true, "merge the users (doctor --fix --merge-duplicates keeps the oldest)"),
    /** A user without email whose index keys are {@code USER#undefined} (npm adapter). */
    UNDEFINED_INDEX_KEY(true, false, "remove the index keys"),
    /** Index keys that do not match the item's attributes, e.g. a user whose email the npm adapter changed. */
    STALE_INDEX_KEY(true, false, "set the index keys from the attributes"),
    /** An item without {@code type} where a user or session belongs: the npm adapter's update of a missing item. */
    STUB_ITEM(true, false, "delete it"),
    /** A session, account or passkey whose user is gone. */
    ORPHAN(true, false, "delete it"),
    /** A uniqueness claim whose owner is gone or no longer holds the email or account. */
    STALE_CLAIM(true, false, "delete the claim"),
    /** A user with an email, or a linked account, without its uniqueness claim (everything the npm adapter wrote). */
    MISSING_CLAIM(true, false, "write the claim"),
    /** {@code expires} stored as an ISO string (adapter versions before 2022): DynamoDB's TTL ignores it. */
    ISO_EXPIRES(true, false, "convert to epoch seconds"),
    /** A session or verification token past its expiry and still stored. */
    EXPIRED(true, false, "delete it"),
    /** A verification token marked used by dynauth whose delete did not happen (a crash between the two writes). */
    CONSUMED_TOKEN(true, false, "delete it"),
    /** A passkey without its webauthn account, or a webauthn account without its passkey. */
    PASSKEY_WITHOUT_ACCOUNT(false, false, "re-register the passkey, or delete it and its account"),
    /** Key attributes that do not match the item's own attributes (sort key, owner). */
    KEY_MISMATCH(false, false, "inspect by hand"),
    /** An item of no shape the adapter writes: reported, never touched. */
    UNKNOWN_SHAPE(false, false, "inspect by hand");

    private final boolean fixable;
    private final boolean ambiguous;
    private final String suggestion;

    ViolationKind(boolean fixable, boolean ambiguous, String suggestion) {
        this.fixable = fixable;
        this.ambiguous = ambiguous;
        this.suggestion = suggestion;
    }

    /** One right answer, applied by {@link TableRepair} without further policy. */
    public boolean fixable() { return fixable; }

    /** Fixed only under an explicit merge policy. */
    public boolean ambiguous() { return ambiguous; }

    /** The suggested action, in words. */
    public String suggestion() { return suggestion; }
}
