package dev.dynauth.spring.session;

import dev.dynauth.SessionAndUser;
import java.util.Objects;

/**
 * What a session cookie resolved to.
 *
 * @param state          the outcome
 * @param sessionAndUser the session (with its current expiry) and its user; {@code null} unless signed in
 */
public record SessionResolution(State state, SessionAndUser sessionAndUser) {

    /** Outcome of resolving a session cookie. */
    public enum State {
        /** A live session; nothing to write. */
        VALID,
        /** A live session whose expiry was just moved: the cookie must be re-issued. */
        EXTENDED,
        /** No live session for the token (unknown, expired or deleted): the cookie must be cleared. */
        INVALID
    }

    public SessionResolution {
        Objects.requireNonNull(state, "state");
        if ((state == State.INVALID) != (sessionAndUser == null)) {
            throw new IllegalArgumentException("a session is present exactly when the state is not INVALID");
        }
    }

    public static SessionResolution invalid() {
        return new SessionResolution(State.INVALID, null);
    }

    public boolean signedIn() {
        return state != State.INVALID;
    }
}
