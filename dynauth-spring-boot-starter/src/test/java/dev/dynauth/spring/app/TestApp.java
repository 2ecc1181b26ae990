package dev.dynauth.spring.app;

import dev.dynauth.spring.magiclink.MagicLink;
import dev.dynauth.spring.magiclink.MagicLinkSender;

import dev.dynauth.AdapterUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application under test: the starter's defaults plus two endpoints, a movable clock and a link catcher. */
@SpringBootApplication
public class TestApp {

    @Bean
    MutableClock clock() {
        return new MutableClock(MutableClock.start());
    }

    /** The link catcher; {@code test.capturing-sender=false}: none, as an application without a mail sender. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "test.capturing-sender",
            havingValue = "true", matchIfMissing = true)
    CapturingSender capturingSender() {
        return new CapturingSender();
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** Fails any request that tries to create an HttpSession, with the stack trace of the culprit. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> noHttpSession() {
        org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> r =
                new org.springframework.boot.web.servlet.FilterRegistrationBean<>((req, res, chain) -> chain.doFilter(
                        new jakarta.servlet.http.HttpServletRequestWrapper((jakarta.servlet.http.HttpServletRequest) req) {
                            @Override
                            public jakarta.servlet.http.HttpSession getSession() {
                                return getSession(true);
                            }

                            @Override
                            public jakarta.servlet.http.HttpSession getSession(boolean create) {
                                if (create) {
                                    throw new IllegalStateException("dynauth must never create an HttpSession");
                                }
                                return super.getSession(false);
                            }
                        }, res));
        r.setOrder(Integer.MIN_VALUE);
        return r;
    }

    @RestController
    static class Endpoints {
        @GetMapping("/me")
        String me(@AuthenticationPrincipal AdapterUser user) {
            return user.id() + " " + user.email();
        }

        /** An application's own sign-in page (used with {@code dynauth.sign-in-page=/login}). */
        @GetMapping(value = "/login", produces = "text/html")
        String login() {
            return "<form method=\"post\" action=\"/api/auth/signin/email\"><input name=\"email\"></form>";
        }

        @GetMapping("/public/hello")
        String hello() {
            return "hello";
        }
    }

    /**
     * A clock the tests move, which never runs behind the wall clock.
     *
     * <p>The embedded DynamoDB Local applies the table's TTL: a background job deletes, every ten seconds or
     * so, the items whose {@code expires} is behind the <em>wall</em> clock. Everything the application writes
     * (sessions, verification tokens, rate-limit windows) expires at this clock's now plus something, so a
     * clock behind the wall clock makes those items vanish at a moment no test controls (a session gone
     * between two requests of a test). Hence it starts ahead of the wall clock, and refuses to be set behind
     * it. Tests that move it {@link #reset()} it afterwards, so the tests sharing a cached context each
     * start from {@link #startedAt()}.
     */
    public static final class MutableClock extends Clock {
        private final Instant startedAt;
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.startedAt = notBehindTheWallClock(start);
            this.now = start;
        }

        /** Midnight UTC one to two days ahead of the wall clock: round, and well clear of it for the whole run. */
        public static Instant start() {
            return Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
        }

        public Instant startedAt() {
            return startedAt;
        }

        public void set(Instant instant) {
            now = notBehindTheWallClock(instant);
        }

        public void advance(Duration d) {
            set(now.plus(d));
        }

        /** Back to where the clock started. */
        public void reset() {
            set(startedAt);
        }

        private static Instant notBehindTheWallClock(Instant instant) {
            Instant wall = Instant.now();
            if (instant.isBefore(wall)) {
                throw new IllegalArgumentException("test clock set to " + instant + ", behind the wall clock (" + wall
                        + "): DynamoDB Local's TTL would delete what the application writes at any moment");
            }
            return instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Keeps the links instead of mailing them. */
    public static final class CapturingSender implements MagicLinkSender {
        public final List<MagicLink> links = new CopyOnWriteArrayList<>();

        @Override
        public void send(MagicLink link) {
            links.add(link);
        }

        public MagicLink last() {
            return links.get(links.size() - 1);
        }
    }
}
