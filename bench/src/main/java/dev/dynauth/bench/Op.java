package dev.dynauth.bench;

/** The benchmarked operations, in the order they run: each works on what the ones before it created. */
enum Op {
    CREATE_USER("createUser", "createUser"),
    /**
     * Not an adapter method: one plain GetItem of a user item (eventually consistent) straight through each side's
     * SDK client, the floor that the AWS SDK, the HTTP client and DynamoDB Local set for every request.
     */
    BASELINE_GET_ITEM("baselineGetItem", "(baseline) SDK GetItem"),
    GET_USER("getUser", "getUser"),
    GET_USER_BY_EMAIL("getUserByEmail", "getUserByEmail"),
    CREATE_SESSION("createSession", "createSession"),
    /** Of the Auth.js (UUID) token just created: dynauth remembers its owner from createSession. */
    GET_SESSION_AND_USER("getSessionAndUser", "getSessionAndUser"),
    /** The same token read by an adapter that has not seen it (dynauth: owner map off; the npm adapter: as always). */
    GET_SESSION_AND_USER_FIRST_SIGHT("getSessionAndUserFirstSight", "getSessionAndUser, first sight"),
    /** A session with a dynauth token ({@code SessionTokens.issue}) on both sides: same item, same size. */
    CREATE_SELF_LOCATING_SESSION("createSelfLocatingSession", "createSession, dynauth token"),
    GET_SELF_LOCATING_SESSION("getSelfLocatingSession", "getSessionAndUser, dynauth token"),
    UPDATE_SESSION("updateSession", "updateSession"),
    LINK_ACCOUNT("linkAccount", "linkAccount"),
    GET_USER_BY_ACCOUNT("getUserByAccount", "getUserByAccount"),
    /** createVerificationToken then useVerificationToken: one operation is the pair, as in a magic-link sign-in. */
    VERIFICATION_TOKEN("verificationToken", "create+useVerificationToken"),
    DELETE_SESSION("deleteSession", "deleteSession"),
    /** Of a user with one account and --sessions-per-user sessions, created untimed before. */
    DELETE_USER("deleteUser", "deleteUser");

    private final String phase;
    private final String label;

    Op(String phase, String label) {
        this.phase = phase;
        this.label = label;
    }

    /** The name bench.mjs knows it by. */
    String phase() {
        return phase;
    }

    /** False for the baseline, which is not an adapter operation and is left out of the geometric mean. */
    boolean adapterOperation() {
        return this != BASELINE_GET_ITEM;
    }

    /** The name in the report. */
    String label() {
        return label;
    }
}
