package dev.dynauth.spring.session;

import dev.dynauth.AdapterUser;
import dev.dynauth.DynauthStore;
import dev.dynauth.SessionTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs users in and out of a servlet application, with the strategy of {@code dynauth.session.strategy}: Auth.js
 * database sessions (a session item and the cookie that carries its token) or Auth.js JWT sessions (an encrypted
 * cookie, database sessions accepted too while migrating). Database tokens come from {@link SessionTokens}
 * (self-locating: the owner and 256 random bits), which Auth.js reads like its own UUIDs and dynauth reads in one
 * strongly consistent request. The item also keeps when the user signed in ({@link #SIGNED_IN_AT}) and the
 * browser's {@code User-Agent} ({@link #USER_AGENT}), extra attributes the npm adapter carries along and Auth.js
 * ignores, so an account page can tell a person's devices apart.
 */
public class DynauthSessions {

    /** Session attribute: when the session was created (an {@link Instant}); also the start of the absolute lifetime. */
    public static final String SIGNED_IN_AT = "signedInAt";
    /** Session attribute: the {@code User-Agent} header of the browser that signed in (at most 512 characters). */
    public static final String USER_AGENT = "userAgent";

    /** Always there: database sessions, or the database part of JWT sessions (migration, the user's session list). */
    private final DatabaseSessions database;
    /** JWT sessions; null where the strategy is {@code database} only. */
    private final DynauthJwtSessions jwt;

    /** Database sessions only. */
    DynauthSessions(DatabaseSessions database) {
        this.database = database;
        this.jwt = null;
    }

    /** JWT sessions over {@code jwt}'s database part. */
    DynauthSessions(DynauthJwtSessions jwt) {
        this.database = jwt.database();
        this.jwt = jwt;
    }

    private SessionStrategy strategy() {
        return jwt != null ? jwt : database;
    }

    /**
     * Signs the user in with the strategy listed first (a database session, or a JWT), sets the cookie and puts the
     * user in the security context of this request.
     */
    public DynauthAuthentication signIn(AdapterUser user, HttpServletRequest request, HttpServletResponse response) {
        return strategy().signIn(user, request, response);
    }

    /** Ends the request's session (if any: a database session is deleted, a JWT revoked where configured) and clears the cookie. */
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        strategy().signOut(request, response);
    }

    /**
     * Whether {@link #signOutOtherDevices} ends every other session: false where a strategy cannot end one early
     * (plain {@code jwt} without {@code dynauth.session.jwt.revoke-on-sign-out}), so a page must not claim it.
     */
    public boolean endsOtherDevices() {
        return strategy().endsOtherDevices();
    }

    /**
     * Ends every session of the signed-in user but this browser's, on every instance (the state is in the table):
     * the user's database sessions but {@code current}'s (an Auth.js app's too); with JWT sessions, also every other
     * JWT where revocation is on, re-issuing this browser's. Returns {@link #endsOtherDevices()}.
     */
    public boolean signOutOtherDevices(DynauthAuthentication current, HttpServletRequest request, HttpServletResponse response) {
        return strategy().signOutOtherDevices(current, request, response);
    }

    /** Where a user's sessions are listed (beyond Auth.js's adapter API: the adapter bean's {@link DynauthStore}). */
    public DynauthSessions sessionStore(DynauthStore sessionStore) {
        database.sessionStore(sessionStore);
        return this;
    }

    public Duration maxAge() {
        return database.maxAge();
    }

    /** Sets the absolute session lifetime ({@code dynauth.session.max-lifetime}); null: none. */
    public DynauthSessions maxLifetime(Duration maxLifetime) {
        database.maxLifetime(maxLifetime);
        return this;
    }

    SessionCookies cookies() {
        return database.cookies();
    }

    /** The JWT strategy, which the security context repository asks first; null: database sessions only. */
    DynauthJwtSessions jwt() {
        return jwt;
    }
}
