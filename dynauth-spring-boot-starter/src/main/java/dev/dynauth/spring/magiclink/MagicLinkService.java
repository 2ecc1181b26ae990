package dev.dynauth.spring.magiclink;

import dev.dynauth.spring.web.DynauthSecret;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.Identifiers;
import dev.dynauth.UserUpdate;
import dev.dynauth.VerificationToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Magic links exactly as Auth.js's email provider: identifier normalised, raw token 32 random bytes
 * in hex, stored as {@code sha256hex(rawToken + secret)}, single use, expiring.
 */
public class MagicLinkService {

    /** Why a link request was refused. */
    public enum Refusal { INVALID_EMAIL, RATE_LIMITED }

    /** Thrown when a link cannot be requested. */
    public static class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Adapter adapter;
    private final DynauthSecret secret;
    private final Clock clock;
    private final Duration maxAge;
    private final RateLimiter rateLimiter;
    private final MagicLinkSender sender;
    private final Limits limits;

    /**
     * The limits beyond the per-address one of the {@link RateLimiter}: per client address and for the whole
     * application, each a count within a window (a count of 0 turns that limit off).
     */
    public record Limits(int perClient, Duration perClientWindow, int global, Duration globalWindow) {
        /** Per-address limit only, as before these limits existed. */
        public static Limits none() {
            return new Limits(0, Duration.ofMinutes(15), 0, Duration.ofHours(1));
        }
    }

    public MagicLinkService(Adapter adapter, DynauthSecret secret, Clock clock, Duration maxAge,
                            RateLimiter rateLimiter, MagicLinkSender sender) {
        this(adapter, secret, clock, maxAge, rateLimiter, sender, Limits.none());
    }

    public MagicLinkService(Adapter adapter, DynauthSecret secret, Clock clock, Duration maxAge,
                            RateLimiter rateLimiter, MagicLinkSender sender, Limits limits) {
        this.limits = limits;
        this.adapter = adapter;
        this.secret = secret;
        this.clock = clock;
        this.maxAge = maxAge;
        this.rateLimiter = rateLimiter;
        this.sender = sender;
    }

    /**
     * Stores a verification token for the email and sends the link.
     *
     * @param callbackBase the absolute URL of the callback endpoint, e.g. {@code https://app/api/auth/callback/email}
     * @param callbackUrl  where to go after signing in (already checked to be same-origin)
     * @return the normalised identifier
     */
    public String request(String email, String callbackBase, String callbackUrl) {
        return request(email, callbackBase, callbackUrl, null);
    }

    /**
     * As {@link #request(String, String, String)}, counting the request against the client's limit too.
     *
     * @param clientAddress the client's IP address (null: no per-client limit)
     */
    public String request(String email, String callbackBase, String callbackUrl, String clientAddress) {
        String identifier;
        try {
            identifier = Identifiers.normalizeEmail(email);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(Refusal.INVALID_EMAIL, e.getMessage());
        }
        // the client first: a client over its limit must not use up an address's or the application's quota
        if (clientAddress != null && limits.perClient() > 0
                && !rateLimiter.tryAcquire("client#" + RateKeys.client(clientAddress), limits.perClient(),
                limits.perClientWindow())) {
            throw new RefusedException(Refusal.RATE_LIMITED, "too many sign-in links requested by this client");
        }
        if (!rateLimiter.tryAcquire("email#" + RateKeys.address(identifier))) {
            throw new RefusedException(Refusal.RATE_LIMITED, "too many sign-in links requested");
        }
        if (limits.global() > 0 && !rateLimiter.tryAcquire("global", limits.global(), limits.globalWindow())) {
            throw new RefusedException(Refusal.RATE_LIMITED, "too many sign-in links sent by the application");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        Instant expires = clock.instant().plus(maxAge);
        adapter.createVerificationToken(new VerificationToken(identifier, secret.hashToken(token), expires));
        String url = callbackBase + "?callbackUrl=" + enc(callbackUrl) + "&token=" + token + "&email=" + enc(identifier);
        sender.send(new MagicLink(identifier, url, expires));
        return identifier;
    }

    /**
     * Consumes a link: the user it signs in (created, or marked verified), or empty when the link is
     * unknown, used or expired.
     */
    public Optional<AdapterUser> verify(String email, String token) {
        Optional<String> address = linkAddress(email, token);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        String identifier = address.get();
        Optional<VerificationToken> used = adapter.useVerificationToken(identifier, secret.hashToken(token));
        if (used.isEmpty() || used.get().expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<AdapterUser> existing = adapter.getUserByEmail(identifier);
        if (existing.isPresent()) {
            return Optional.of(adapter.updateUser(UserUpdate.of(existing.get().id()).emailVerified(now).build()));
        }
        return Optional.of(adapter.createUser(AdapterUser.builder().email(identifier).emailVerified(now).build()));
    }

    /**
     * The address a link's parameters name, normalised as links are issued, when they have the shape of a link
     * (an address and a token of at most 256 characters); empty otherwise. Reads nothing: the confirmation page
     * shows it before the link is used.
     */
    public Optional<String> linkAddress(String email, String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        try {
            return Optional.of(Identifiers.normalizeEmail(email));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether links can be sent at all: not when there is no mail sender and links are not logged. */
    public boolean canSend() {
        return !(sender instanceof NoMagicLinkSender);
    }

    /** Whether links go to the application's log instead of a mailbox (development). */
    public boolean linksLogged() {
        return sender instanceof LoggingMagicLinkSender;
    }

    public static String enc(String s) {
        return java.net.URLEncoder.encode(s == null ? "" : s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
