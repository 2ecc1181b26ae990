package dev.dynauth.spring;

import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.autoconfigure.AutoConfigurationTest;

import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import dev.dynauth.spring.session.DynauthSessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.SessionTokens;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.app.TestApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The starter issues self-locating session tokens, and meters the owner map that Auth.js tokens use. */
@DynauthAppTest
class SelfLocatingSessionTest {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired DynauthSessions sessions;
    @Autowired TestApp.MutableClock clock;
    @Autowired MeterRegistry meters;
    @Autowired DynamoDbClient client;
    @Autowired TableOptions options;

    private AdapterUser user() {
        return adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Ada").build());
    }

    @Test
    void signInIssuesATokenThatNamesItsUserAndSignsRequestsIn() throws Exception {
        AdapterUser user = user();
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/auth/callback/email");
        MockHttpServletResponse response = new MockHttpServletResponse();
        String token = sessions.signIn(user, request, response).session().sessionToken();
        assertEquals(Optional.of(user.id()), SessionTokens.owner(token));
        assertTrue(response.getHeader("Set-Cookie").startsWith("authjs.session-token=" + token + ";"),
                "the cookie carries the token unchanged");

        Browser browser = new Browser(mvc);
        browser.cookies.put("authjs.session-token", token);
        assertEquals(user.id() + " " + user.email(), browser.get("/me").getResponse().getContentAsString());
    }

    @Test
    void authJsTokensUseTheOwnerMapAndItIsMetered() throws Exception {
        AdapterUser user = user();
        String token = UUID.randomUUID().toString();
        // created by someone else (Auth.js): the starter's adapter has not seen it
        DynamoDbAdapter.builder().client(client).options(options).build()
                .createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(30))));
        double hits = lookups("hit");
        double misses = lookups("miss");
        Browser browser = new Browser(mvc);
        browser.cookies.put("authjs.session-token", token);
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        assertEquals(misses + 1, lookups("miss"));
        assertEquals(hits, lookups("hit"));
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        assertEquals(hits + 1, lookups("hit"));
        assertEquals(misses + 1, lookups("miss"));
        assertEquals(DynamoDbAdapter.Builder.DEFAULT_SESSION_OWNER_CACHE_SIZE,
                meters.get("dynauth.session.owner.cache.capacity").gauge().value());
        assertTrue(meters.get("dynauth.session.owner.cache.size").gauge().value() >= 1);
    }

    @Test
    void theOwnerMapSizeIsAProperty() {
        DynamoDbTables.createIfMissing(client, TableOptions.builder().tableName("owner-cache").build());
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DynauthAutoConfiguration.class))
                .withPropertyValues(AutoConfigurationTest.NO_AMBIENT_CONFIGURATION)
                .withBean(DynamoDbClient.class, () -> client, bd -> bd.setDestroyMethodName(""))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("dynauth.table-name=owner-cache", "dynauth.secret=s", "dynauth.session.owner-cache-size=5")
                .run(ctx -> {
                    assertEquals(null, ctx.getStartupFailure());
                    assertEquals(5.0, ctx.getBean(MeterRegistry.class).get("dynauth.session.owner.cache.capacity").gauge().value());
                });
    }

    private double lookups(String result) {
        return meters.get("dynauth.session.owner.cache.lookups").tag("result", result).functionCounter().count();
    }
}
