package dev.dynauth.spring.oauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.Browser;
import dev.dynauth.spring.authserver.AuthServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** {@link DynauthProfileMapper} beans shape the user of a first OAuth sign-in, per provider. */
@MappedProvidersAppTest
class OAuth2ProfileMapperTest {

    static final String APP = "http://127.0.0.1";
    static final AuthServer idp = AuthServer.shared();

    @TestConfiguration
    static class Mappers {
        /** The provider's own mapping: another name, an image, custom attributes, and a mixed-case email. */
        @Bean
        DynauthProfileMapper mappedProfiles() {
            return DynauthProfileMapper.of("mapped", profile -> AdapterUser.builder()
                    .email(((String) profile.getAttribute("email")).toUpperCase())
                    .name("Mapped " + profile.getName())
                    .image("https://images.example/" + profile.getName() + ".png")
                    .attribute("role", "member")
                    .attribute("oidc", profile instanceof OidcUser)
                    .attribute("issuer", String.valueOf((Object) profile.getAttribute("iss")))
                    .build());
        }

        /** A provider reporting its emails in full-width letters: ｄａｖｅ＠ｅｘａｍｐｌｅ．ｃｏｍ. */
        @Bean
        DynauthProfileMapper fullWidthProfiles() {
            return DynauthProfileMapper.of("fullwidth", profile -> AdapterUser.builder()
                    .email(((String) profile.getAttribute("email")).chars()
                            .mapToObj(c -> Character.toString(c >= 0x21 && c <= 0x7e ? c + 0xFEE0 : c))
                            .collect(java.util.stream.Collectors.joining()))
                    .build());
        }
    }

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;

    private AdapterUser signIn(String registrationId, String user) throws Exception {
        Browser browser = new Browser(mvc);
        MvcResult start = browser.get(APP + "/api/auth/signin/" + registrationId);
        MvcResult done = browser.get(idp.authorize(start.getResponse().getRedirectedUrl(), user));
        assertEquals("/", done.getResponse().getRedirectedUrl());
        String token = browser.cookies.get("authjs.session-token");
        assertNotNull(token, "signed in");
        return adapter.getSessionAndUser(token).orElseThrow().user();
    }

    @Test
    void aProvidersMapperShapesTheNewUser() throws Exception {
        AdapterUser u = signIn("mapped", "alice");
        assertEquals("alice@example.com", u.email(), "normalised");
        assertEquals("Mapped alice", u.name());
        assertEquals("https://images.example/alice.png", u.image());
        assertNull(u.emailVerified());
        assertEquals("member", u.attribute("role"));
        assertEquals(Boolean.TRUE, u.attribute("oidc"));
        assertEquals(idp.base(), u.attribute("issuer"));
        assertEquals(u, adapter.getUser(u.id()).orElseThrow(), "as stored");
        assertEquals(AuthServer.lastSessionState(), adapter.getAccount("alice", "mapped").orElseThrow().sessionState());
    }

    @Test
    void twoMappersForOneProviderAreAStartUpError() {
        DynauthProfileMapper one = DynauthProfileMapper.of("x", DynauthProfileMapper::standard);
        DynauthProfileMapper two = DynauthProfileMapper.of("x", DynauthProfileMapper::standard);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new DynauthOAuth2LoginHandler(adapter, null, null, null, java.util.Map.of(), null, java.util.List.of(one, two)));
        assertTrue(e.getMessage().contains("two DynauthProfileMapper beans for provider 'x'"), e.getMessage());
    }

    @Test
    void otherProvidersKeepTheStandardMapping() throws Exception {
        AdapterUser u = signIn("plain", "bob");
        assertEquals("bob@example.com", u.email());
        assertEquals("User bob", u.name());
        assertTrue(u.attributes().isEmpty(), u.attributes().toString());
    }

    @Test
    void theMappedEmailDecidesAccountLinking() throws Exception {
        assertRefusedAsTheExistingUser("mapped", "carol", "CAROL@EXAMPLE.COM is carol@example.com");
    }

    /** With a user of {@code user}@example.com already there, that provider's sign-in is OAuthAccountNotLinked. */
    private void assertRefusedAsTheExistingUser(String registrationId, String user, String why) throws Exception {
        adapter.createUser(AdapterUser.builder().email(user + "@example.com").build());
        Browser browser = new Browser(mvc);
        MvcResult start = browser.get(APP + "/api/auth/signin/" + registrationId);
        MvcResult done = browser.get(idp.authorize(start.getResponse().getRedirectedUrl(), user));
        assertEquals("/api/auth/error?error=OAuthAccountNotLinked", done.getResponse().getRedirectedUrl(), why);
    }

    @Test
    void aFullWidthProviderEmailIsTheExistingUserNotALookAlike() throws Exception {
        assertRefusedAsTheExistingUser("fullwidth", "dave",
                "\uff44\uff41\uff56\uff45\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff43\uff4f\uff4d is dave@example.com");
        AdapterUser erin = signIn("fullwidth", "erin");
        assertEquals("erin@example.com", erin.email(), "a new user gets the canonical form");
    }
}
