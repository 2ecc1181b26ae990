package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * next-auth v4's JWT cookie: {@code dynauth.session.jwt.format=nextauth-v4} with v4's cookie name, and
 * {@code dynauth.session.jwt.secrets} (rotation: any secret decodes), as documented.
 */
@DynauthAppTest(properties = {"dynauth.session.strategy=jwt",
        "dynauth.session.jwt.format=nextauth-v4", "dynauth.cookie.name=next-auth.session-token",
        "dynauth.session.jwt.secrets=v4-new,v4-old"})
class JwtNextAuthV4Test {

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired TestApp.MutableClock clock;

    @Test
    void aNextAuthV4TokenSignsInAndAnAuthJsOneDoesNot() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        Map<String, Object> claims = Map.of("sub", user.id(), "email", user.email());
        String v4 = AuthJsJwt.builder().format(AuthJsJwt.Format.NEXTAUTH_V4).secrets("v4-old")
                .clock(clock).build().encode(claims, Duration.ofDays(30));
        Browser browser = new Browser(mvc);
        browser.cookies.put("next-auth.session-token", v4);
        assertEquals(200, browser.get("/me").getResponse().getStatus());
        assertEquals(user.id() + " " + user.email(), browser.get("/me").getResponse().getContentAsString());
        Browser magic = new Browser(mvc);
        magic.cookies.put("next-auth.session-token", AuthJsJwt.builder().format(AuthJsJwt.Format.NEXTAUTH_V4)
                .secrets("test-secret-not-for-production").clock(clock).build().encode(claims, Duration.ofDays(30)));
        assertEquals(302, magic.get("/me").getResponse().getStatus(), "dynauth.secret is not among the configured secrets");

        String v5 = AuthJsJwt.builder().cookieName("next-auth.session-token").secrets("v4-new")
                .clock(clock).build().encode(claims, Duration.ofDays(30));
        Browser other = new Browser(mvc);
        other.cookies.put("next-auth.session-token", v5);
        assertEquals(302, other.get("/me").getResponse().getStatus(), "an @auth/core token is not a v4 token");
        assertTrue(other.setCookie("next-auth.session-token").contains("Max-Age=0"));
    }
}
