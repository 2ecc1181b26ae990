package dev.dynauth.spring.session;

/**
 * Turns a session cookie value into a signed-in user, applying Auth.js's sliding expiry. The one
 * place the filter chain asks about sessions: a cache of bounded staleness can wrap it.
 */
public interface SessionResolver {

    /** Resolves the token; never throws for unknown, malformed or expired tokens. */
    SessionResolution resolve(String sessionToken);
}
