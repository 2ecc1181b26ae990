package dev.dynauth;

import java.util.Objects;

/** A session together with its user, as returned by {@link Adapter#getSessionAndUser}. */
public record SessionAndUser(AdapterSession session, AdapterUser user) {
    public SessionAndUser {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(user, "user");
    }
}
