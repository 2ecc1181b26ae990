package dev.dynauth.spring.session;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.UserUpdate;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.jwt.AuthJsToken;
import dev.dynauth.jwt.SessionCookieChunks;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * Auth.js JWT sessions ({@code dynauth.session.strategy} with {@code jwt}): sign-in issues the encrypted
 * session cookie (chunked past Auth.js's size limit) with the claims of Auth.js's default {@code jwt} callback
 * plus the {@link JwtClaimsCustomizer} beans; each request decodes it with no DynamoDB request; a token older
 * than {@code updateAge} is re-issued with a new expiry (sliding, as Auth.js re-issues it on every session
 * read); sign-out clears it. With {@code database} too (migration), database session cookies keep working
 * through its {@link DatabaseSessions} part, and sign-in issues the strategy listed first.
 *
 * <p>A JWT cannot be deleted. With {@code revokeOnSignOut}, sign-out stores {@code signedOutBefore} (epoch
 * seconds) on the user item, and each request reads the user item (one GetItem) and refuses tokens issued in
 * or before that second, or whose user no longer exists.
 */
final class DynauthJwtSessions implements SessionStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthJwtSessions.class);
    static final String KEPT = JwtSessionCore.KEPT;
    /** Chunks of a session cookie read and cleared at most (see {@link #bounded}). */
    public static final int MAX_CHUNKS = 8;
    /** The user item attribute of the opt-in revocation: tokens with {@code iat <=} it are refused. */
    public static final String SIGNED_OUT_BEFORE = "signedOutBefore";

    /** What a request's JWT cookie came to. */
    enum State {
        /** No JWT session cookie: the database strategy may look at the cookie. */
        ABSENT,
        /** A live token: signed in. */
        SIGNED_IN,
        /** A JWT cookie that is invalid, expired or revoked: cleared. */
        REFUSED
    }

    record Resolved(State state, DynauthJwtAuthentication authentication) {
        static final Resolved ABSENT = new Resolved(State.ABSENT, null);
        static final Resolved REFUSED = new Resolved(State.REFUSED, null);
    }

    /** The database part: sessions while migrating, the user's session list, and adapter, cookie, clock and max-age. */
    private final DatabaseSessions database;
    private final boolean issueJwt;
    private final boolean acceptDatabase;
    private final boolean revokeOnSignOut;
    /** The stack-neutral rules, shared with the reactive side. */
    private final JwtSessionCore core;

    /**
     * What {@code dynauth.session.*} says about JWT sessions; build it with {@link #builder()}.
     *
     * @param issueJwt        whether sign-in issues a JWT ({@code jwt} listed first) or a database session
     * @param acceptDatabase  whether database sessions are accepted too ({@code database} listed as well)
     * @param revokeOnSignOut {@code dynauth.session.jwt.revoke-on-sign-out}
     */
    public record Options(Duration updateAge, boolean issueJwt, boolean acceptDatabase,
                          boolean revokeOnSignOut, List<JwtClaimsCustomizer> customizers) {
        public Options {
            customizers = List.copyOf(customizers);
        }

        /** Auth.js's defaults: renewed after a day, JWTs issued, no database sessions, no revocation. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Options}. */
        public static final class Builder {
            private Duration updateAge = Duration.ofDays(1);
            private boolean issueJwt = true;
            private boolean acceptDatabase;
            private boolean revokeOnSignOut;
            private List<JwtClaimsCustomizer> customizers = List.of();

            private Builder() {}

            public Builder updateAge(Duration updateAge) { this.updateAge = updateAge; return this; }
            public Builder issueJwt(boolean issueJwt) { this.issueJwt = issueJwt; return this; }
            public Builder acceptDatabase(boolean acceptDatabase) { this.acceptDatabase = acceptDatabase; return this; }
            public Builder revokeOnSignOut(boolean revokeOnSignOut) { this.revokeOnSignOut = revokeOnSignOut; return this; }
            public Builder customizers(List<JwtClaimsCustomizer> customizers) { this.customizers = customizers; return this; }

            public Options build() {
                return new Options(updateAge, issueJwt, acceptDatabase, revokeOnSignOut, customizers);
            }
        }
    }

    /**
     * @param jwt the codec with the secrets, format and clock (its cookie name is replaced per cookie)
     */
    DynauthJwtSessions(DatabaseSessions database, AuthJsJwt jwt, Options options) {
        this.database = database;
        this.issueJwt = options.issueJwt();
        this.acceptDatabase = options.acceptDatabase();
        this.revokeOnSignOut = options.revokeOnSignOut();
        this.core = new JwtSessionCore(jwt, database.clock(), database.maxAge(), options.updateAge(), revokeOnSignOut,
                options.customizers());
    }

    DatabaseSessions database() {
        return database;
    }

    private Adapter adapter() {
        return database.adapter();
    }

    private SessionCookies cookies() {
        return database.cookies();
    }

    @Override
    public DynauthAuthentication signIn(AdapterUser user, HttpServletRequest request, HttpServletResponse response) {
        if (!issueJwt) {
            // database listed first: a JWT cookie must not reach the database code as a session token
            clearChunks(request, response);
            return database.signIn(user, withoutJwtCookies(request), response);
        }
        String previous = cookies().read(request);
        if (acceptDatabase && previous != null && !looksLikeJwt(previous)
                && previous.length() <= AdapterSessionResolver.MAX_TOKEN_LENGTH) {
            adapter().deleteSession(previous); // migrating: the database session this sign-in replaces
        }
        String name = cookies().name(request);
        JwtSessionCore.Issued issued = core.issue(name, core.claims(user))
                .orElseThrow(() -> new IllegalStateException("a token just encoded does not decode"));
        write(request, response, name, issued.value());
        DynauthJwtAuthentication auth = new DynauthJwtAuthentication(user, issued.token());
        DatabaseSessions.signedIn(auth, request);
        return auth;
    }

    @Override
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        JwtSessionCore.Found found = find(request);
        if (found != null && revokeOnSignOut) {
            core.decode(found).flatMap(AuthJsToken::subject).ifPresent(this::revoke);
        }
        for (String n : parts(request, List.of())) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookies().build(request, n, "", Duration.ZERO).toString());
        }
        // deletes a database session (migration) and clears the plain cookie names
        database.signOut(withoutJwtCookies(request), response);
    }

    /** The request without its JWT session cookies, for the database strategy's code. */
    private HttpServletRequest withoutJwtCookies(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return request;
        }
        Set<String> names = new LinkedHashSet<>(cookies().readableNames(request));
        Cookie[] kept = java.util.Arrays.stream(all)
                .filter(c -> !names.contains(c.getName()) || c.getValue() == null || !looksLikeJwt(c.getValue()))
                .toArray(Cookie[]::new);
        return new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public Cookie[] getCookies() {
                return kept.length == 0 ? null : kept.clone();
            }
        };
    }

    /**
     * Stores {@code signedOutBefore} = now (epoch seconds) on the user item: with {@code revokeOnSignOut}, every
     * token of the user issued up to now is refused from the next request on, on every instance.
     */
    public void revoke(String userId) {
        try {
            adapter().updateUser(core.revocation(userId));
        } catch (dev.dynauth.NotFoundException gone) {
            // the user is gone: its tokens are refused anyway when revocation is checked
            LOG.debug("dynauth: no user item to record the sign-out on");
        }
    }

    @Override
    public boolean endsOtherDevices() {
        return revokeOnSignOut;
    }

    /**
     * Also ends the user's other JWTs when revocation is on, with the same record as sign-out: {@code signedOutBefore}
     * = now, and this browser's token re-issued and named in {@code signedOutKept} (its {@code jti}), the one token
     * issued up to now that is still accepted. Without revocation other JWTs live until they expire: false.
     */
    @Override
    public boolean signOutOtherDevices(DynauthAuthentication current, HttpServletRequest request, HttpServletResponse response) {
        database.signOutOtherDevices(current, request, response);
        if (!revokeOnSignOut) {
            return false;
        }
        String name = cookies().name(request);
        String value = current instanceof DynauthJwtAuthentication j ? codec(name).encode(j.token().payload(), database.maxAge()) : null;
        String kept = value == null ? "" : codec(name).decode(value).flatMap(AuthJsToken::jti).orElse("");
        adapter().updateUser(UserUpdate.of(current.user().id()).attribute(SIGNED_OUT_BEFORE, database.clock().instant().getEpochSecond())
                .attribute(KEPT, kept).build());
        if (value != null) {
            write(request, response, name, value);
        }
        return true;
    }

    /** Decodes the request's JWT session cookie, re-issuing it when older than {@code updateAge}. */
    Resolved resolve(HttpServletRequest request, HttpServletResponse response) {
        JwtSessionCore.Found found = find(request);
        if (found == null) {
            return Resolved.ABSENT;
        }
        return resolve(request, response, found);
    }

    /**
     * An {@code Authorization: Bearer} JWE, as Auth.js's {@code getToken} reads it (the key of the session cookie's
     * name for this request): the same checks as the cookie's, and nothing written.
     */
    Resolved resolveBearer(HttpServletRequest request, String value) {
        return resolve(request, null, new JwtSessionCore.Found(cookies().name(request), value));
    }

    private Resolved resolve(HttpServletRequest request, HttpServletResponse response, JwtSessionCore.Found found) {
        boolean canWrite = response != null && !response.isCommitted();
        Optional<AuthJsToken> decoded = core.decode(found);
        Optional<AdapterUser> user = decoded.flatMap(this::user);
        if (user.isPresent() && !revokeOnSignOut && !safe(request)) {
            // a write acts on the user item: a deleted user's token (valid until it expires) is signed out here
            user = adapter().getUser(user.get().id());
        }
        if (user.isEmpty()) {
            if (canWrite) {
                clearAll(request, response);
            }
            return Resolved.REFUSED;
        }
        AuthJsToken token = decoded.get();
        if (canWrite && core.dueForRenewal(token, user.get())) {
            String name = cookies().name(request);
            Optional<JwtSessionCore.Issued> renewed = core.issue(name, token.payload());
            if (renewed.isPresent()) {
                write(request, response, name, renewed.get().value());
                token = renewed.get().token();
            }
        }
        return new Resolved(State.SIGNED_IN, new DynauthJwtAuthentication(user.get(), token));
    }

    private static boolean safe(HttpServletRequest request) {
        String m = request.getMethod();
        return "GET".equals(m) || "HEAD".equals(m) || "OPTIONS".equals(m) || "TRACE".equals(m);
    }

    /** Whether database sessions are read too ({@code jwt,database}, migrating). */
    boolean acceptsDatabase() {
        return acceptDatabase;
    }

    /** Whether the request carries a JWT session cookie (whole or chunked). */
    boolean present(HttpServletRequest request) {
        return find(request) != null;
    }

    /** The user a live token signs in: from its claims, or the user item when revocation is on. */
    private Optional<AdapterUser> user(AuthJsToken token) {
        Optional<AdapterUser> claimed = JwtSessionCore.claimsUser(token);
        if (claimed.isEmpty() || !revokeOnSignOut) {
            return claimed;
        }
        return adapter().getUser(claimed.get().id()).filter(item -> JwtSessionCore.accepts(item, token));
    }

    /** The first readable cookie name whose (joined) value is a JWT. */
    private JwtSessionCore.Found find(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return null;
        }
        List<String> names = cookies().readableNames(request);
        return JwtSessionCore.find(names, JwtSessionCore.jar(names, java.util.Arrays.stream(all)
                .map(c -> Map.entry(c.getName(), c.getValue() == null ? "" : c.getValue())).toList()));
    }

    /** A JWE compact serialisation has five parts; a database session token (a UUID) has none. */
    public static boolean looksLikeJwt(String value) {
        int dots = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '.') {
                dots++;
            }
        }
        return dots == 4;
    }

    private AuthJsJwt codec(String cookieName) {
        return core.codec(cookieName);
    }

    /** Sets the token under {@code name} (chunked if long) and clears every other part of the session cookie. */
    private void write(HttpServletRequest request, HttpServletResponse response, String name, String value) {
        List<SessionCookieChunks.Chunk> chunks = core.split(name, value);
        for (String stale : parts(request, chunks)) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookies().build(request, stale, "", Duration.ZERO).toString());
        }
        for (SessionCookieChunks.Chunk c : chunks) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookies().build(request, c.name(), c.value(), database.maxAge()).toString());
        }
    }

    /** The request's cookies that belong to the session cookie (any readable name, plain or chunk) and are not written. */
    private Set<String> parts(HttpServletRequest request, List<SessionCookieChunks.Chunk> written) {
        Set<String> present = new LinkedHashSet<>();
        Cookie[] all = request.getCookies();
        if (all != null) {
            for (Cookie c : all) {
                present.add(c.getName());
            }
        }
        return JwtSessionCore.stale(cookies().readableNames(request), written, present);
    }

    /**
     * Whether {@code cookieName} is {@code name} or one of its first {@link #MAX_CHUNKS} chunks, numbered as Auth.js
     * numbers them ({@code name.0} … without leading zeros). Only those are read and cleared: a request cannot carry
     * more chunks of a real token (eight are 31 KB, four times the request header Tomcat accepts by default), and one
     * clearing {@code Set-Cookie} per made-up chunk name would overflow the response header (a 500).
     */
    static boolean bounded(String name, String cookieName) {
        if (cookieName.equals(name)) {
            return true;
        }
        if (!SessionCookieChunks.isPart(name, cookieName)) {
            return false;
        }
        String index = cookieName.substring(name.length() + 1);
        return index.length() == 1 && index.charAt(0) < '0' + MAX_CHUNKS;
    }

    private void clearAll(HttpServletRequest request, HttpServletResponse response) {
        for (String n : parts(request, List.of())) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookies().build(request, n, "", Duration.ZERO).toString());
        }
        if (parts(request, List.of()).isEmpty()) {
            cookies().clear(request, response);
        }
    }

    /** Clears the chunks ({@code name.N}) only; the plain names are cleared by {@link DatabaseSessions#signOut}. */
    private void clearChunks(HttpServletRequest request, HttpServletResponse response) {
        Set<String> plain = new LinkedHashSet<>(cookies().readableNames(request));
        for (String n : parts(request, List.of())) {
            if (!plain.contains(n)) {
                response.addHeader(HttpHeaders.SET_COOKIE, cookies().build(request, n, "", Duration.ZERO).toString());
            }
        }
    }
}
