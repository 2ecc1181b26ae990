package dev.dynauth.spring.magiclink;

import dev.dynauth.spring.web.DynauthSecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dynauth.Adapter;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 8, defect 6: per-client and global limits on magic links beside the per-address one, all counted in the
 * table so that two instances (two services here, on one table) share them; the address key ignores a trailing
 * dot without merging different addresses.
 */
@SpringBootTest(classes = TestApp.class)
class RateLimitsTest {

    @Autowired Adapter adapter;
    @Autowired DynauthSecret secret;
    @Autowired TestApp.MutableClock clock;
    @Autowired DynamoDbClient client;
    @Autowired TableOptions options;

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
}
