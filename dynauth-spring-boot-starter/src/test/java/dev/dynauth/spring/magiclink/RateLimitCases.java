package dev.dynauth.spring.magiclink;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The limits on magic links, written once and run on both stacks ({@link RateLimitsTest} on the servlet app,
 * {@link ReactiveRateLimitsTest} on the reactive one): a link request over the stack runs into the per-address limit
 * and gets the sign-in page again with a 429; per-client and global limits beside the per-address one (issue 8, defect
 * 6), all counted in the table so that two instances (two services here, on one table) share them; the address key
 * ignores a trailing dot without merging different addresses.
 */
abstract class RateLimitCases {

    @Autowired Adapter adapter;
    @Autowired DynauthSecret secret;
    @Autowired TestApp.MutableClock clock;
    @Autowired DynamoDbClient client;
    @Autowired TableOptions options;
    @Autowired DynauthProperties properties;

    /** One answer to a link request, whatever the stack. */
    record Answer(int status, String location, String body) {}

    /** Asks for a link for {@code email} the way a browser does: the sign-in page's form, with its CSRF token. */
    abstract Answer requestLink(String email) throws Exception;

    /** The path and query of a redirect (null: none), whether the stack wrote it absolute or not. */
    static String pathAndQuery(String location) {
        if (location == null) {
            return null;
        }
        java.net.URI uri = java.net.URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The clock is shared with the other cases of a cached context: put it back. */
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aLinkRequestRunsIntoItsAddressLimitAndGetsTheSignInPageWithA429() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int limit = properties.getEmail().getRateLimit();
        for (int i = 0; i < limit; i++) {
            assertEquals("/api/auth/verify-request?provider=email&type=email",
                    requestLink("Busy-" + run + "@Example.com").location());
        }
        Answer limited = requestLink("busy-" + run + "@example.com ");
        assertEquals(429, limited.status(), limited.body());
        assertTrue(limited.body().contains("Too many sign-in links were requested"), limited.body());
        // another identifier is not affected
        assertEquals("/api/auth/verify-request?provider=email&type=email",
                requestLink("calm-" + run + "@example.com").location());
        // a new window
        clock.advance(properties.getEmail().getRateLimitWindow().plusMinutes(1));
        assertEquals("/api/auth/verify-request?provider=email&type=email",
                requestLink("busy-" + run + "@example.com").location());
    }

    private MagicLinkService instance(int perAddress, MagicLinkService.Limits limits, AtomicInteger sent) {
        return new MagicLinkService(adapter, secret, clock, Duration.ofMinutes(10),
                new DynamoDbRateLimiter(client, options, clock, perAddress, Duration.ofMinutes(15)),
                link -> sent.incrementAndGet(), limits);
    }

    private static MagicLinkService.Refusal refusal(Runnable r) {
        return assertThrows(MagicLinkService.RefusedException.class, r::run).refusal();
    }

    @Test
    void oneClientCannotHaveAnyNumberOfAddressesMailed() {
        AtomicInteger sent = new AtomicInteger();
        MagicLinkService.Limits limits = new MagicLinkService.Limits(3, Duration.ofMinutes(15), 0, Duration.ofHours(1));
        MagicLinkService a = instance(5, limits, sent);
        MagicLinkService b = instance(5, limits, sent);
        String client = "203.0.113." + (1 + (int) (Math.random() * 250));
        String run = UUID.randomUUID().toString().substring(0, 8);
        a.request("x1-" + run + "@example.com", "http://localhost/cb", "/", client);
        b.request("x2-" + run + "@example.com", "http://localhost/cb", "/", client);
        a.request("x3-" + run + "@example.com", "http://localhost/cb", "/", client);
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED,
                refusal(() -> b.request("x4-" + run + "@example.com", "http://localhost/cb", "/", client)));
        assertEquals(3, sent.get());
        // another client is not affected; an IPv6 client is counted by its /64
        a.request("x5-" + run + "@example.com", "http://localhost/cb", "/", "198.51.100.7");
        String v6 = "2001:db8:" + Integer.toHexString((int) (Math.random() * 60000)) + ":1::";
        for (int i = 1; i <= 3; i++) {
            a.request("v6-" + i + run + "@example.com", "http://localhost/cb", "/", v6 + i);
        }
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED,
                refusal(() -> a.request("v6-4" + run + "@example.com", "http://localhost/cb", "/", v6 + "99")));
    }

    @Test
    void theApplicationAsAWholeSendsABoundedNumberOfLinks() {
        AtomicInteger sent = new AtomicInteger();
        // a window of its own, so that other tests' links do not count
        MagicLinkService.Limits limits = new MagicLinkService.Limits(0, Duration.ofMinutes(15), 4,
                Duration.ofSeconds(3600 + (long) (Math.random() * 1000)));
        MagicLinkService a = instance(5, limits, sent);
        MagicLinkService b = instance(5, limits, sent);
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 4; i++) {
            (i % 2 == 0 ? a : b).request("g" + i + "-" + run + "@example.com", "http://localhost/cb", "/", "192.0.2." + i);
        }
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED,
                refusal(() -> b.request("g9-" + run + "@example.com", "http://localhost/cb", "/", "192.0.2.99")));
        assertEquals(4, sent.get());
    }

    @Test
    void trailingDotsShareTheAddressQuotaButPlusAddressesKeepTheirOwn() {
        AtomicInteger sent = new AtomicInteger();
        MagicLinkService a = instance(2, MagicLinkService.Limits.none(), sent);
        String run = UUID.randomUUID().toString().substring(0, 8);
        a.request("dot-" + run + "@example.com", "http://localhost/cb", "/", null);
        a.request("dot-" + run + "@example.com.", "http://localhost/cb", "/", null);
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED,
                refusal(() -> a.request("DOT-" + run + "@example.com..", "http://localhost/cb", "/", null)));
        a.request("dot-" + run + "+1@example.com", "http://localhost/cb", "/", null);
        assertEquals(3, sent.get());
        assertEquals("a@example.com", RateKeys.address("a@example.com..."));
        assertEquals("a.b+c@example.com", RateKeys.address("a.b+c@example.com"));
    }

    @Test
    void oneMailboxHasOneQuotaWhateverTheAddressSyntax() {
        java.util.List<String> mailed = new java.util.ArrayList<>();
        MagicLinkService a = new MagicLinkService(adapter, secret, clock, Duration.ofMinutes(10),
                new DynamoDbRateLimiter(client, options, clock, 5, Duration.ofMinutes(15)),
                link -> mailed.add(link.identifier()), MagicLinkService.Limits.none());
        String run = UUID.randomUUID().toString().substring(0, 8);
        String victim = "victim" + run + "@example.com";
        // what a mailer would deliver to the victim's mailbox: the hostile ones are not addresses here
        for (String shape : java.util.List.of("a<" + victim + ">", "<" + victim + ">", victim + "(x)", "x(y)@example.com",
                "\"V\" <" + victim + ">", "@relay.example:" + victim, "V <" + victim + ">", victim + " (comment)",
                "victim" + run + "@[127.0.0.1]", victim + ", other@example.com")) {
            assertEquals(MagicLinkService.Refusal.INVALID_EMAIL,
                    refusal(() -> a.request(shape, "http://localhost/cb", "/", null)), shape);
        }
        // its spellings share one quota of 5
        String fullWidth = victim.chars().mapToObj(c -> c >= 0x21 && c <= 0x7e ? Character.toString(c + 0xFEE0)
                : Character.toString(c)).collect(java.util.stream.Collectors.joining());
        for (String spelling : java.util.List.of(victim, victim.toUpperCase(java.util.Locale.ROOT), fullWidth, victim + ".",
                " " + victim + " ")) {
            a.request(spelling, "http://localhost/cb", "/", null);
        }
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED, refusal(() -> a.request(victim, "http://localhost/cb", "/", null)));
        assertEquals(5, mailed.size());
        for (String to : mailed) {
            assertEquals(victim, to.replaceAll("\\.$", ""), "the recipient mailed is the one counted");
        }
    }

    @Test
    void unicodeAndAsciiDomainsAndMappedIpv4ClientsCountAsOne() {
        AtomicInteger sent = new AtomicInteger();
        MagicLinkService a = instance(2, new MagicLinkService.Limits(3, Duration.ofMinutes(15), 0, Duration.ofHours(1)), sent);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String unicode = "u@b\u00fccher" + run + ".example";
        String ascii = "u@" + java.net.IDN.toASCII("b\u00fccher" + run + ".example");
        a.request(unicode, "http://localhost/cb", "/", null);
        a.request(ascii, "http://localhost/cb", "/", null);
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED, refusal(() -> a.request(unicode, "http://localhost/cb", "/", null)));
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED, refusal(() -> a.request(ascii, "http://localhost/cb", "/", null)));

        int last = 1 + (int) (Math.random() * 250);
        String v4 = "198.18.7." + last;
        a.request("m1" + run + "@example.com", "http://localhost/cb", "/", v4);
        a.request("m2" + run + "@example.com", "http://localhost/cb", "/", "::ffff:" + v4);
        a.request("m3" + run + "@example.com", "http://localhost/cb", "/", "[::ffff:c612:7" + String.format("%02x", last) + "]");
        assertEquals(MagicLinkService.Refusal.RATE_LIMITED,
                refusal(() -> a.request("m4" + run + "@example.com", "http://localhost/cb", "/", "::FFFF:" + v4)));
        assertEquals(5, sent.get());
    }
}
