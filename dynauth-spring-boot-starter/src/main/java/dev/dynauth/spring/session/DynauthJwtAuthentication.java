package dev.dynauth.spring.session;

import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.jwt.AuthJsToken;

/**
 * A request signed in by an Auth.js JWT session cookie. The principal is built from the token's claims
 * ({@code sub}, {@code email}, {@code name}, {@code picture}) without a DynamoDB request, or is the user item
 * when revocation checks read it; {@link #session()} has no token (its {@code sessionToken} is
 * {@code jwt:<jti>}) and the token's expiry. {@link #token()} has every claim, custom ones too.
 */
public class DynauthJwtAuthentication extends DynauthAuthentication {

    private static final long serialVersionUID = 1L;

    private final transient AuthJsToken token;

    public DynauthJwtAuthentication(AdapterUser user, AuthJsToken token) {
        super(user, new AdapterSession("jwt:" + token.jti().orElse(""), user.id(), token.expiresAt()));
        this.token = token;
    }

    /** The decoded token. */
    public AuthJsToken token() {
        return token;
    }

    @Override
    public String toString() {
        return "DynauthJwtAuthentication[userId=" + getName() + ", expires=" + session().expires() + "]";
    }
}
