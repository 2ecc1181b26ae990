package dev.dynauth;

/** This provider account is already linked to a user; nothing was written. */
public class AccountAlreadyLinkedException extends ConflictException {
    private static final long serialVersionUID = 1L;

    public AccountAlreadyLinkedException(String provider, String providerAccountId) {
        super("the " + provider + " account " + providerAccountId + " is already linked to a user");
    }
}
