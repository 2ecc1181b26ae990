package dev.dynauth.spring.web;

import dev.dynauth.AdapterUser;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What the reactive sign-in endpoints all answer with: a redirect, the error page's URL, a signed-in user. */
public final class ServerExchanges {
    private ServerExchanges() {}

    /** A 302 to {@code location}, which the caller built from checked parts ({@link RedirectPolicy}, constants). */
    public static Mono<Void> redirect(ServerWebExchange exchange, String location) {
        exchange.getResponse().setStatusCode(HttpStatus.FOUND);
        exchange.getResponse().getHeaders().setLocation(URI.create(location));
        return exchange.getResponse().setComplete();
    }

    /** The error page of an Auth.js error code, under the context path. */
    public static String errorUrl(ServerWebExchange exchange, String code) {
        return exchange.getRequest().getPath().contextPath().value() + AuthPaths.ERROR + "?error=" + code;
    }

    /**
     * The user as the principal of an authenticated token: what the reactive session repository's
     * {@code save(exchange, context)} issues an Auth.js session for.
     */
    public static Authentication signedIn(AdapterUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null,
                AuthorityUtils.createAuthorityList(dev.dynauth.spring.session.DynauthAuthentication.ROLE_USER));
    }
}
