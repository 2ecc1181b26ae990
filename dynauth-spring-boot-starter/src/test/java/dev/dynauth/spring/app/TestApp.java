package dev.dynauth.spring.app;

import dev.dynauth.spring.MagicLink;
import dev.dynauth.spring.MagicLinkSender;

import dev.dynauth.AdapterUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
        return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Bean
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

        @GetMapping("/public/hello")
        String hello() {
            return "hello";
        }
    }

    /** A clock the tests move. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void set(Instant instant) {
            now = instant;
        }

        public void advance(java.time.Duration d) {
            now = now.plus(d);
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
