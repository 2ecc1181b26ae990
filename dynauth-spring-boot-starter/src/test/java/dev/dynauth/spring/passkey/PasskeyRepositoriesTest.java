package dev.dynauth.spring.passkey;

import dev.dynauth.spring.Browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.app.DynauthAppTest;
import dev.dynauth.spring.app.TestApp;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** Passkey repositories on DynamoDB Local, as Auth.js stores authenticators, and the cookie challenges. */
@DynauthAppTest(properties = {"dynauth.passkeys.enabled=true", "dynauth.passkeys.rp-id=localhost",
        "dynauth.passkeys.allowed-origins=http://localhost"})
class PasskeyRepositoriesTest {

    @Autowired Adapter adapter;
    @Autowired DynauthUserEntityRepository users;
    @Autowired DynauthUserCredentialRepository credentials;
    @Autowired CookieWebAuthnOptionsRepositories.Creation creationOptions;
    @Autowired CookieWebAuthnOptionsRepositories.Request requestOptions;
    @Autowired TestApp.MutableClock clock;
    @Autowired MockMvc mvc;

    private AdapterUser newUser() {
        return adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").name("Pat").build());
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        // make sure the standard base64 form has '+' or '/' in it now and then
        b[0] = (byte) 0xfb;
        b[1] = (byte) 0xff;
        return b;
    }

    @Test
    void userEntitiesAreDynauthUsers() {
        AdapterUser u = newUser();
        PublicKeyCredentialUserEntity byId = users.findById(DynauthUserEntityRepository.idOf(u.id()));
        assertNotNull(byId);
        assertEquals(u.id(), byId.getName());
        assertEquals("Pat", byId.getDisplayName());
        assertEquals(byId.getId(), users.findByUsername(u.id()).getId());
        assertEquals(byId.getId(), users.findByUsername(u.email().toUpperCase()).getId());
        assertNull(users.findById(new Bytes("nobody".getBytes())));
        assertNull(users.findByUsername("nobody@example.com"));
        assertNull(users.findByUsername("not an email"));
    }

    @Test
    void credentialRoundTripAsAuthJsStoresIt() {
        AdapterUser u = newUser();
        byte[] credentialId = random(32);
        byte[] publicKey = random(77);
        String b64 = Base64.getEncoder().encodeToString(credentialId);
        CredentialRecord record = ImmutableCredentialRecord.builder()
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .credentialId(new Bytes(credentialId))
                .userEntityUserId(DynauthUserEntityRepository.idOf(u.id()))
                .publicKey(new ImmutablePublicKeyCose(publicKey))
                .signatureCount(3)
                .uvInitialized(true)
                .transports(Set.of(AuthenticatorTransport.INTERNAL, AuthenticatorTransport.HYBRID))
                .backupEligible(true)
                .backupState(true)
                .attestationObject(new Bytes(new byte[] {1}))
                .attestationClientDataJSON(new Bytes(new byte[] {2}))
                .label("Laptop")
                .build();
        credentials.save(record);

        // the items Auth.js reads
        AdapterAuthenticator a = adapter.getAuthenticator(b64).orElseThrow();
        assertEquals(u.id(), a.userId());
        assertEquals(b64, a.providerAccountId());
        assertEquals(Base64.getEncoder().encodeToString(publicKey), a.credentialPublicKey());
        assertEquals(3, a.counter());
        assertEquals("multiDevice", a.credentialDeviceType());
        assertTrue(a.credentialBackedUp());
        assertEquals(Set.of("internal", "hybrid"), Set.of(a.transports().split(",")));
        AdapterAccount account = adapter.getAccount(b64, "webauthn").orElseThrow();
        assertEquals("webauthn", account.type());
        assertEquals(u.id(), account.userId());
        assertEquals(u.id(), adapter.getUserByAccount("webauthn", b64).orElseThrow().id());

        // and back
        CredentialRecord loaded = credentials.findByCredentialId(new Bytes(credentialId));
        assertNotNull(loaded);
        assertArrayEquals(credentialId, loaded.getCredentialId().getBytes());
        assertArrayEquals(publicKey, loaded.getPublicKey().getBytes());
        assertEquals(u.id(), DynauthUserEntityRepository.userIdOf(loaded.getUserEntityUserId()));
        assertEquals(3, loaded.getSignatureCount());
        assertEquals(record.getTransports(), loaded.getTransports());
        assertTrue(loaded.isBackupEligible());
        assertTrue(loaded.isBackupState());

        List<CredentialRecord> mine = credentials.findByUserId(DynauthUserEntityRepository.idOf(u.id()));
        assertEquals(1, mine.size());
        assertEquals("Laptop", mine.get(0).getLabel());
        assertTrue(credentials.findByUserId(new Bytes("nobody".getBytes())).isEmpty());
        assertNull(credentials.findByCredentialId(new Bytes(random(16))));

        // a sign-in stores the new counter through updateAuthenticatorCounter
        credentials.save(ImmutableCredentialRecord.fromCredentialRecord(loaded).signatureCount(4).build());
        assertEquals(4, adapter.getAuthenticator(b64).orElseThrow().counter());
        assertEquals(1, adapter.listAuthenticatorsByUserId(u.id()).size(), "no duplicate");

        credentials.delete(new Bytes(credentialId));
        assertTrue(adapter.getAuthenticator(b64).isEmpty());
        assertTrue(adapter.getAccount(b64, "webauthn").isEmpty());
        assertTrue(credentials.findByUserId(DynauthUserEntityRepository.idOf(u.id())).isEmpty());
    }

    @Test
    void anAuthenticatorWrittenLikeAuthJsIsFound() {
        AdapterUser u = newUser();
        byte[] credentialId = random(20);
        String b64 = Base64.getEncoder().encodeToString(credentialId);
        adapter.linkAccount(AdapterAccount.builder().userId(u.id()).provider("webauthn").type("webauthn")
                .providerAccountId(b64).build());
        adapter.createAuthenticator(new AdapterAuthenticator(b64, u.id(), b64,
                Base64.getEncoder().encodeToString(new byte[] {9, 9, 9}), 0, "singleDevice", false, null));
        CredentialRecord r = credentials.findByCredentialId(new Bytes(credentialId));
        assertNotNull(r);
        assertFalse(r.isBackupEligible());
        assertTrue(r.getTransports().isEmpty());
        assertEquals(u.id(), DynauthUserEntityRepository.userIdOf(r.getUserEntityUserId()));
    }

    private static MockHttpServletRequest withCookies(MockHttpServletResponse response) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        for (String h : response.getHeaders(HttpHeaders.SET_COOKIE)) {
            String pair = h.split(";", 2)[0];
            request.setCookies(new Cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)));
        }
        return request;
    }

    @Test
    void creationOptionsRoundTripThroughACookie() {
        PublicKeyCredentialCreationOptions options = PublicKeyCredentialCreationOptions.builder()
                .challenge(Bytes.random())
                .rp(PublicKeyCredentialRpEntity.builder().id("localhost").name("dynauth").build())
                .user(DynauthUserEntityRepository.entity(newUser()))
                .pubKeyCredParams(PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
                        PublicKeyCredentialParameters.RS256)
                .timeout(Duration.ofMinutes(5))
                .excludeCredentials(List.of(PublicKeyCredentialDescriptor.builder().id(new Bytes(random(16))).build()))
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .authenticatorAttachment(AuthenticatorAttachment.PLATFORM)
                        .residentKey(ResidentKeyRequirement.REQUIRED)
                        .userVerification(UserVerificationRequirement.REQUIRED).build())
                .build();
        MockHttpServletResponse response = new MockHttpServletResponse();
        creationOptions.save(new MockHttpServletRequest(), response, options);
        String setCookie = response.getHeader(HttpHeaders.SET_COOKIE);
        assertTrue(setCookie.startsWith(CookieWebAuthnOptionsRepositories.CREATION_COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"));
        assertFalse(setCookie.contains(options.getChallenge().toBase64UrlString()), "sealed, not plain");

        PublicKeyCredentialCreationOptions loaded = creationOptions.load(withCookies(response));
        assertNotNull(loaded);
        assertEquals(options.getChallenge(), loaded.getChallenge());
        assertEquals("localhost", loaded.getRp().getId());
        assertEquals(options.getUser().getId(), loaded.getUser().getId());
        assertEquals(options.getUser().getName(), loaded.getUser().getName());
        assertEquals(3, loaded.getPubKeyCredParams().size());
        assertEquals(options.getPubKeyCredParams().get(1).getAlg().getValue(), loaded.getPubKeyCredParams().get(1).getAlg().getValue());
        assertEquals(UserVerificationRequirement.REQUIRED.getValue(),
                loaded.getAuthenticatorSelection().getUserVerification().getValue());
        assertEquals(options.getExcludeCredentials().get(0).getId(), loaded.getExcludeCredentials().get(0).getId());
        assertEquals(Duration.ofMinutes(5), loaded.getTimeout());

        // forged or expired cookies are ignored
        MockHttpServletRequest forged = new MockHttpServletRequest();
        String value = withCookies(response).getCookies()[0].getValue();
        // another first character (a value that starts with 'A' would otherwise be "forged" into itself)
        forged.setCookies(new Cookie(CookieWebAuthnOptionsRepositories.CREATION_COOKIE,
                (value.charAt(0) == 'A' ? "B" : "A") + value.substring(1)));
        assertNull(creationOptions.load(forged));
        clock.advance(Duration.ofMinutes(6));
        assertNull(creationOptions.load(withCookies(response)));
    }

    @Test
    void requestOptionsRoundTripThroughACookie() {
        PublicKeyCredentialRequestOptions options = PublicKeyCredentialRequestOptions.builder()
                .challenge(Bytes.random()).rpId("localhost").timeout(Duration.ofSeconds(90))
                .userVerification(UserVerificationRequirement.PREFERRED)
                .allowCredentials(List.of(PublicKeyCredentialDescriptor.builder().id(new Bytes(random(24))).build()))
                .build();
        MockHttpServletResponse response = new MockHttpServletResponse();
        requestOptions.save(new MockHttpServletRequest(), response, options);
        PublicKeyCredentialRequestOptions loaded = requestOptions.load(withCookies(response));
        assertNotNull(loaded);
        assertEquals(options.getChallenge(), loaded.getChallenge());
        assertEquals("localhost", loaded.getRpId());
        assertEquals(Duration.ofSeconds(90), loaded.getTimeout());
        assertEquals("preferred", loaded.getUserVerification().getValue());
        assertEquals(options.getAllowCredentials().get(0).getId(), loaded.getAllowCredentials().get(0).getId());
        // a creation cookie is not a request cookie (different key and name)
        MockHttpServletRequest swapped = new MockHttpServletRequest();
        swapped.setCookies(new Cookie(CookieWebAuthnOptionsRepositories.CREATION_COOKIE,
                withCookies(response).getCookies()[0].getValue()));
        assertNull(creationOptions.load(swapped));
        // clearing
        MockHttpServletResponse cleared = new MockHttpServletResponse();
        requestOptions.save(new MockHttpServletRequest(), cleared, null);
        assertTrue(cleared.getHeader(HttpHeaders.SET_COOKIE).contains("Max-Age=0"));
    }

    @Test
    void passkeyEndpointsKeepChallengesInCookiesNotInAnHttpSession() throws Exception {
        Browser browser = new Browser(mvc);
        MvcResult page = browser.get("/api/auth/signin");
        String csrf = Browser.csrfField(page);
        MvcResult options = browser.perform(MockMvcRequestBuilders.post("/webauthn/authenticate/options")
                .header("X-XSRF-TOKEN", csrf).accept("application/json"));
        assertEquals(200, options.getResponse().getStatus(), options.getResponse().getContentAsString());
        assertTrue(options.getResponse().getContentAsString().contains("\"challenge\""));
        assertNotNull(browser.setCookie(CookieWebAuthnOptionsRepositories.REQUEST_COOKIE));

        // registration options for a signed-in user
        AdapterUser u = newUser();
        String token = UUID.randomUUID().toString();
        adapter.createSession(new dev.dynauth.AdapterSession(token, u.id(), clock.instant().plus(Duration.ofDays(30))));
        browser.cookies.put("authjs.session-token", token);
        MvcResult reg = browser.perform(MockMvcRequestBuilders.post("/webauthn/register/options")
                .header("X-XSRF-TOKEN", csrf).accept("application/json"));
        assertEquals(200, reg.getResponse().getStatus(), reg.getResponse().getContentAsString());
        String json = reg.getResponse().getContentAsString();
        assertTrue(json.contains(DynauthUserEntityRepository.idOf(u.id()).toBase64UrlString()), json);
        assertNotNull(browser.setCookie(CookieWebAuthnOptionsRepositories.CREATION_COOKIE));
        assertEquals(Map.of(), Map.of()); // Browser asserts that no HttpSession was created
    }
}
