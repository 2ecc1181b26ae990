package dev.dynauth.spring.session;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAsyncSessions;
import dev.dynauth.SessionAndUser;
import dev.dynauth.SessionUpdate;
import dev.dynauth.jwt.AuthJsToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sessions of a WebFlux application, the reactive twin of {@link DynauthSessions} / {@link DynauthJwtSessions} with
 * the same rules ({@link SessionLifetime}, {@link JwtSessionCore}, {@link ReactiveSessionCookies} over {@code Cookies}).
 * Database sessions never block: read, extended, created (sign-in), deleted (sign-out, past their absolute lifetime)
 * through {@link DynamoDbAsyncSessions} (one {@code BatchGetItem} per read once the token's owner is known; the
 * adapter's uniqueness and orphan rules on create), a JWT's revocation check as one async read. A JWT's revocation on
 * sign-out goes through the blocking {@link Adapter} (a user update) on {@link Schedulers#boundedElastic()}: never on
 * an event-loop thread.
 */
final class ReactiveSessions {

    /** Which strategies are on ({@code dynauth.session.strategy}); {@code jwt} null without the JWT strategy. */
    record Options(boolean database, JwtSessionCore jwt, boolean jwtFirst, SessionLifetime lifetime) {}

    private final Adapter adapter;
    private final DynamoDbAsyncSessions reads;
    private final ReactiveSessionCookies cookies;
    private final Clock clock;
    private final Options options;
    private final ForeignSessionCookies foreign = new ForeignSessionCookies();

    ReactiveSessions(Adapter adapter, DynamoDbAsyncSessions reads, ReactiveSessionCookies cookies, Clock clock, Options options) {
        this.adapter = adapter;
        this.reads = reads;
        this.cookies = cookies;
        this.clock = clock;
        this.options = options;
    }

    /** The exchange's session: from the session cookie, else an {@code Authorization: Bearer} token (no cookie written then). */
    Mono<DynauthAuthentication> resolve(ServerWebExchange exchange) {
        Map<String, String> all = ReactiveSessionCookies.all(exchange);
        var names = cookies.readableNames(exchange);
        if (options.jwt() != null) {
            JwtSessionCore.Found found = JwtSessionCore.find(names, JwtSessionCore.jar(names, all.entrySet()));
            if (found != null) {
                return jwt(exchange, found, true);
            }
        }
        String token = cookies.readPlain(exchange, all);
        boolean fromCookie = token != null;
        if (token == null) {
            Optional<String> bearer = BearerTokens.parse(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
            if (bearer.isEmpty()) {
                return Mono.empty();
            }
            if (options.jwt() != null && DynauthJwtSessions.looksLikeJwt(bearer.get())) {
                // Auth.js's getToken decodes it with the key of the session cookie's name for this request
                return jwt(exchange, new JwtSessionCore.Found(cookies.name(exchange), bearer.get()), false);
            }
            token = bearer.get();
        }
        if (options.jwt() == null ? foreign.jwtWhileDatabase(token) : !options.database() && foreign.notJwtWhileJwt(token)) {
            return Mono.empty(); // the other strategy's session (e.g. a Next.js app's): no session here, and never cleared
        }
        return database(exchange, token, fromCookie);
    }

    private Mono<DynauthAuthentication> jwt(ServerWebExchange exchange, JwtSessionCore.Found found, boolean fromCookie) {
        JwtSessionCore core = options.jwt();
        Optional<AuthJsToken> decoded = core.decode(found);
        Optional<AdapterUser> claimed = decoded.flatMap(JwtSessionCore::claimsUser);
        Mono<AdapterUser> user;
        if (claimed.isEmpty()) {
            user = Mono.empty();
        } else if (core.revokeOnSignOut()) {
            user = Mono.fromFuture(() -> reads.getUser(claimed.get().id())).flatMap(Mono::justOrEmpty)
                    .filter(item -> JwtSessionCore.accepts(item, decoded.get()));
        } else if (!safe(exchange.getRequest().getMethod())) {
            // a write acts on the user item: a deleted user's token (valid until it expires) is signed out here
            user = Mono.fromFuture(() -> reads.getUser(claimed.get().id())).flatMap(Mono::justOrEmpty);
        } else {
            user = Mono.just(claimed.get());
        }
        return user.map(u -> {
            AuthJsToken token = decoded.get();
            if (fromCookie && writable(exchange) && core.dueForRenewal(token, u)) {
                String name = cookies.name(exchange);
                Optional<JwtSessionCore.Issued> renewed = core.issue(name, token.payload());
                if (renewed.isPresent()) {
                    cookies.setChunked(exchange, core.split(name, renewed.get().value()), core.maxAge());
                    token = renewed.get().token();
                }
            }
            return (DynauthAuthentication) new DynauthJwtAuthentication(u, token);
        }).switchIfEmpty(Mono.defer(() -> {
            if (fromCookie && writable(exchange)) {
                cookies.clearAll(exchange); // invalid, expired or revoked
            }
            return Mono.empty();
        }));
    }

    private Mono<DynauthAuthentication> database(ServerWebExchange exchange, String token, boolean fromCookie) {
        if (token.length() > AdapterSessionResolver.MAX_TOKEN_LENGTH) {
            return dead(exchange, fromCookie);
        }
        return Mono.fromFuture(() -> reads.getSessionAndUser(token)).flatMap(found -> {
            if (found.isEmpty()) {
                return dead(exchange, fromCookie);
            }
            SessionAndUser sau = found.get();
            SessionLifetime.Decision d = options.lifetime().decide(sau.session(), clock.instant());
            return switch (d.action()) {
                case END -> Mono.fromFuture(() -> reads.deleteSession(token)).then(dead(exchange, fromCookie));
                case EXTEND -> Mono.fromFuture(() -> reads.updateSession(SessionUpdate.expires(token, d.expires())))
                        .flatMap(updated -> {
                            if (updated.isEmpty()) {
                                return dead(exchange, fromCookie); // expired or signed out since it was read
                            }
                            if (fromCookie && writable(exchange)) {
                                cookies.set(exchange, cookies.name(exchange), token, options.lifetime().maxAge());
                            }
                            return Mono.just(new DynauthAuthentication(sau.user(), updated.get()));
                        });
                case KEEP -> Mono.just(new DynauthAuthentication(sau.user(), sau.session()));
            };
        });
    }

    private Mono<DynauthAuthentication> dead(ServerWebExchange exchange, boolean fromCookie) {
        if (fromCookie && writable(exchange)) {
            cookies.clearAll(exchange);
        }
        return Mono.empty();
    }

    /**
     * Signs the user in: a JWT (JWT strategy listed first) or a new database session, the cookie set, and the session
     * the request had before ended (a database session deleted).
     */
    Mono<DynauthAuthentication> signIn(ServerWebExchange exchange, AdapterUser user) {
        String previous = cookies.readPlain(exchange, ReactiveSessionCookies.all(exchange));
        Mono<Void> endPrevious = previous != null && !DynauthJwtSessions.looksLikeJwt(previous) && options.database()
                && previous.length() <= AdapterSessionResolver.MAX_TOKEN_LENGTH
                ? Mono.fromFuture(() -> reads.deleteSession(previous)).then() : Mono.empty();
        if (options.jwt() != null && options.jwtFirst()) {
            JwtSessionCore core = options.jwt();
            return endPrevious.then(Mono.fromCallable(() -> {
                String name = cookies.name(exchange);
                JwtSessionCore.Issued issued = core.issue(name, core.claims(user))
                        .orElseThrow(() -> new IllegalStateException("a token just encoded does not decode"));
                cookies.setChunked(exchange, core.split(name, issued.value()), core.maxAge());
                return (DynauthAuthentication) new DynauthJwtAuthentication(user, issued.token());
            }));
        }
        Instant now = clock.instant();
        Instant expires = options.lifetime().firstExpiry(now);
        AdapterSession fresh = DatabaseSessions.newSession(user, now, expires,
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT));
        return endPrevious.then(Mono.fromFuture(() -> reads.createSession(fresh))).map(session -> {
            // (clears any other part of the session cookie: a JWT of the other strategy, its chunks)
            cookies.setChunked(exchange, java.util.List.of(new dev.dynauth.jwt.SessionCookieChunks.Chunk(
                    cookies.name(exchange), session.sessionToken())), Duration.between(now, expires));
            return new DynauthAuthentication(user, session);
        });
    }

    /** Ends the exchange's session: a database session deleted, a JWT's user revoked (with revocation on), cookies cleared. */
    Mono<Void> signOut(ServerWebExchange exchange) {
        Map<String, String> all = ReactiveSessionCookies.all(exchange);
        var names = cookies.readableNames(exchange);
        Mono<?> end = Mono.empty();
        JwtSessionCore core = options.jwt();
        JwtSessionCore.Found found = core == null ? null : JwtSessionCore.find(names, JwtSessionCore.jar(names, all.entrySet()));
        if (found != null && core.revokeOnSignOut()) {
            Optional<String> sub = core.decode(found).flatMap(AuthJsToken::subject);
            if (sub.isPresent()) {
                end = blocking(() -> {
                    try {
                        return adapter.updateUser(core.revocation(sub.get()));
                    } catch (dev.dynauth.NotFoundException gone) {
                        return null; // the user is gone: its tokens are refused anyway
                    }
                });
            }
        }
        String token = cookies.readPlain(exchange, all);
        if (token != null && !DynauthJwtSessions.looksLikeJwt(token) && token.length() <= AdapterSessionResolver.MAX_TOKEN_LENGTH) {
            end = end.then(Mono.fromFuture(() -> reads.deleteSession(token)));
        }
        return end.then(Mono.fromRunnable(() -> cookies.clearAll(exchange)));
    }

    /** A blocking adapter call, off the event loop. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }

    private static boolean writable(ServerWebExchange exchange) {
        return !exchange.getResponse().isCommitted();
    }

    private static boolean safe(HttpMethod m) {
        return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m) || HttpMethod.TRACE.equals(m);
    }
}
