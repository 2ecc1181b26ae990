package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AccountAlreadyLinkedException;
import dev.dynauth.Adapter;
import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.EmailAlreadyInUseException;
import dev.dynauth.NotFoundException;
import dev.dynauth.SessionAndUser;
import dev.dynauth.SessionTokens;
import dev.dynauth.SessionUpdate;
import dev.dynauth.UserUpdate;
import dev.dynauth.VerificationToken;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Auth.js adapter conformance suite ({@code runBasicTests} of Auth.js, including its custom-model
 * and WebAuthn cases) plus dynauth's own contract, as a reusable JUnit 5 suite.
 *
 * <p>Extend it, return your adapter from {@link #adapter()}, and run it:
 * <pre>{@code
 * class MyAdapterTest extends AdapterConformanceTests {
 *     @Override protected Adapter adapter() { return myAdapter; }
 * }
 * }</pre>
 * Every test makes its own data (random emails, ids and tokens), so the suite runs against a shared
 * table, in any order, and may be run twice on the same table.
 */
public abstract class AdapterConformanceTests {

    /** The adapter under test; called once a test, may return the same instance each time. */
    protected abstract Adapter adapter();

    /** Attribute names the adapter reserves for itself (key attributes, entity tag); custom attributes named so are refused. */
    protected Set<String> reservedAttributeNames() {
        return Set.of("type");
    }

    /** The secret the suite hashes verification tokens with, as Auth.js's suite does. */
    protected static final String SECRET = "anything";

    // ---- fixtures ------------------------------------------------------------------------------

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    protected static AdapterUser userFixture() {
        return AdapterUser.builder()
                .email(unique("fill") + "@example.com")
                .image("https://www.fillmurray.com/460/300")
                .name("Fill Murray")
                .emailVerified(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    protected static AdapterUser customModelUserFixture() {
        return AdapterUser.builder()
                .email(unique("custom") + "@example.com")
                .name("Custom Model")
                .image("https://example.com/c.png")
                .emailVerified(Instant.now())
                .attribute("role", "admin")
                .attribute("phone", "00000000000")
                .build();
    }

    protected static Instant oneWeekFromNow() {
        return Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
    }

    protected static AdapterAccount accountFixture(String userId) {
        return AdapterAccount.builder()
                .userId(userId)
                .provider("github")
                .providerAccountId(unique("gh"))
                .type("oauth")
                .accessToken(unique("access"))
                .expiresAt(Instant.now().plus(Duration.ofHours(1)).getEpochSecond())
                .idToken(unique("id"))
                .refreshToken(unique("refresh"))
                .tokenType("bearer")
                .scope("user")
                .sessionState(unique("state"))
                .build();
    }

    protected static AdapterAuthenticator authenticatorFixture(String userId) {
        String credentialID = "cred+" + UUID.randomUUID() + "/==";
        return new AdapterAuthenticator(credentialID, userId, credentialID,
                "pQECAyYgASFYIGDRVJ8u2f6pQcYqH9O+w6I=", 1, "singleDevice", false, "internal,usb");
    }

    protected static String hashToken(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((token + SECRET).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected AdapterUser newUser() {
        return adapter().createUser(userFixture());
    }

    protected AdapterSession newSession(String userId) {
        return adapter().createSession(new AdapterSession(unique("session"), userId, oneWeekFromNow()));
    }

    // ---- Auth.js runBasicTests -----------------------------------------------------------------

    @Test
    void createUserStoresTheInputPlusAnId() {
        AdapterUser input = userFixture();
        AdapterUser created = adapter().createUser(input);
        assertNotNull(created.id());
        assertEquals(input.withId(created.id()), created);
        assertEquals(Optional.of(created), adapter().getUser(created.id()));
    }

    @Test
    void getUserOfUnknownIdIsEmpty() {
        assertEquals(Optional.empty(), adapter().getUser(UUID.randomUUID().toString()));
    }

    @Test
    void getUserByEmail() {
        AdapterUser user = newUser();
        assertEquals(Optional.of(user), adapter().getUserByEmail(user.email()));
        assertEquals(Optional.empty(), adapter().getUserByEmail(unique("nobody") + "@example.com"));
    }

    @Test
    void createSessionAndGetSessionAndUser() {
        AdapterUser user = newUser();
        AdapterSession input = new AdapterSession(unique("session"), user.id(), oneWeekFromNow());
        assertEquals(input, adapter().createSession(input));
        assertEquals(Optional.empty(), adapter().getSessionAndUser(unique("invalid")));
        assertEquals(Optional.of(new SessionAndUser(input, user)), adapter().getSessionAndUser(input.sessionToken()));
    }

    @Test
    void updateUserChangesOnlyWhatIsGiven() {
        AdapterUser user = newUser();
        AdapterUser updated = adapter().updateUser(UserUpdate.of(user.id()).name("Updated").build());
        AdapterUser expected = new AdapterUser(user.id(), user.email(), user.emailVerified(), "Updated", user.image(),
                user.attributes());
        assertEquals(expected, updated);
        assertEquals(Optional.of(expected), adapter().getUser(user.id()));
    }

    @Test
    void updateSessionStoresTheNewExpiryToTheMillisecond() {
        AdapterUser user = newUser();
        AdapterSession session = newSession(user.id());
        Instant inAMonth = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        AdapterSession updated = adapter().updateSession(SessionUpdate.expires(session.sessionToken(), inAMonth)).orElseThrow();
        assertEquals(inAMonth, updated.expires());
        assertEquals(inAMonth, adapter().getSessionAndUser(session.sessionToken()).orElseThrow().session().expires());
    }

    @Test
    void linkAccountAndGetUserByAccount() {
        AdapterUser user = newUser();
        AdapterAccount input = accountFixture(user.id());
        AdapterAccount linked = adapter().linkAccount(input);
        assertNotNull(linked.id());
        AdapterAccount stored = adapter().getAccount(input.providerAccountId(), input.provider()).orElseThrow();
        assertEquals(AdapterAccount.builder().id(stored.id()).userId(input.userId()).type(input.type())
                .provider(input.provider()).providerAccountId(input.providerAccountId())
                .accessToken(input.accessToken()).refreshToken(input.refreshToken()).idToken(input.idToken())
                .tokenType(input.tokenType()).scope(input.scope()).sessionState(input.sessionState())
                .expiresAt(input.expiresAt()).build(), stored);
        assertEquals(linked.id(), stored.id());
        assertEquals(Optional.of(user), adapter().getUserByAccount(input.provider(), input.providerAccountId()));
        assertEquals(Optional.empty(), adapter().getUserByAccount(input.provider(), unique("unknown")));
    }

    @Test
    void deleteSession() {
        AdapterUser user = newUser();
        AdapterSession session = newSession(user.id());
        assertEquals(Optional.of(session), adapter().deleteSession(session.sessionToken()));
        assertEquals(Optional.empty(), adapter().getSessionAndUser(session.sessionToken()));
        assertEquals(Optional.empty(), adapter().deleteSession(session.sessionToken()));
    }

    @Test
    void verificationTokenIsUsableOnce() {
        String identifier = unique("vt") + "@example.com";
        VerificationToken token = new VerificationToken(identifier, hashToken(unique("raw")), oneWeekFromNow());
        assertEquals(token, adapter().createVerificationToken(token));
        assertEquals(Optional.empty(), adapter().useVerificationToken(unique("other") + "@example.com", token.token()));
        assertEquals(Optional.of(token), adapter().useVerificationToken(identifier, token.token()));
        assertEquals(Optional.empty(), adapter().useVerificationToken(identifier, token.token()));
    }

    @Test
    void unlinkAccount() {
        AdapterUser user = newUser();
        AdapterAccount account = adapter().linkAccount(accountFixture(user.id()));
        AdapterAccount removed = adapter().unlinkAccount(account.provider(), account.providerAccountId()).orElseThrow();
        assertEquals(account.providerAccountId(), removed.providerAccountId());
        assertEquals(Optional.empty(), adapter().getUserByAccount(account.provider(), account.providerAccountId()));
        assertEquals(Optional.empty(), adapter().getAccount(account.providerAccountId(), account.provider()));
    }

    @Test
    void deleteUserRemovesTheUserItsSessionsAndAccounts() {
        AdapterUser user = newUser();
        AdapterSession session = newSession(user.id());
        AdapterAccount account = adapter().linkAccount(accountFixture(user.id()));
        assertEquals(Optional.of(user), adapter().deleteUser(user.id()));
        assertEquals(Optional.empty(), adapter().getUser(user.id()));
        assertEquals(Optional.empty(), adapter().getUserByEmail(user.email()));
        assertEquals(Optional.empty(), adapter().getSessionAndUser(session.sessionToken()));
        assertEquals(Optional.empty(), adapter().getUserByAccount(account.provider(), account.providerAccountId()));
        assertEquals(Optional.empty(), adapter().getAccount(account.providerAccountId(), account.provider()));
        assertEquals(Optional.empty(), adapter().deleteUser(user.id()));
    }

    @Test
    void customModelFieldsRoundTrip() {
        AdapterUser created = adapter().createUser(customModelUserFixture());
        AdapterUser read = adapter().getUser(created.id()).orElseThrow();
        assertEquals(created, read);
        assertEquals(Map.of("role", "admin", "phone", "00000000000"), read.attributes());
        AdapterUser updated = adapter().updateUser(UserUpdate.of(created.id()).attribute("role", "member").build());
        assertEquals("member", updated.attribute("role"));
        assertEquals("00000000000", updated.attribute("phone"));
    }

    // ---- Auth.js WebAuthn tests ----------------------------------------------------------------

    @Test
    void getAccountNeedsBothProviderAndProviderAccountId() {
        AdapterUser user = newUser();
        AdapterAccount account = adapter().linkAccount(accountFixture(user.id()));
        assertTrue(adapter().getAccount(account.providerAccountId(), account.provider()).isPresent());
        assertEquals(Optional.empty(), adapter().getAccount(account.providerAccountId(), "gitlab"));
        assertEquals(Optional.empty(), adapter().getAccount(unique("x"), account.provider()));
    }

    @Test
    void createAndGetAuthenticator() {
        AdapterUser user = newUser();
        AdapterAuthenticator input = authenticatorFixture(user.id());
        assertEquals(input, adapter().createAuthenticator(input));
        assertEquals(Optional.of(input), adapter().getAuthenticator(input.credentialID()));
        assertEquals(Optional.empty(), adapter().getAuthenticator(unique("cred")));
    }

    @Test
    void listAuthenticatorsByUserId() {
        AdapterUser user = newUser();
        assertEquals(List.of(), adapter().listAuthenticatorsByUserId(user.id()));
        assertEquals(List.of(), adapter().listAuthenticatorsByUserId(unique("nobody")));
        AdapterAuthenticator a = adapter().createAuthenticator(authenticatorFixture(user.id()));
        AdapterAuthenticator b = adapter().createAuthenticator(authenticatorFixture(user.id()));
        List<AdapterAuthenticator> listed = adapter().listAuthenticatorsByUserId(user.id());
        assertEquals(2, listed.size());
        assertTrue(listed.containsAll(List.of(a, b)));
    }

    @Test
    void updateAuthenticatorCounter() {
        AdapterUser user = newUser();
        AdapterAuthenticator a = adapter().createAuthenticator(authenticatorFixture(user.id()));
        assertEquals(a.withCounter(42), adapter().updateAuthenticatorCounter(a.credentialID(), 42));
        assertEquals(42, adapter().getAuthenticator(a.credentialID()).orElseThrow().counter());
        assertThrows(NotFoundException.class, () -> adapter().updateAuthenticatorCounter(unique("cred"), 2));
    }

    // ---- dynauth's contract --------------------------------------------------------------------

    @Nested
    class Contract {

        @Test
        void createUserKeepsAGivenIdAndGeneratesOneOtherwise() {
            String id = unique("given");
            assertEquals(id, adapter().createUser(userFixture().withId(id)).id());
            assertEquals(id, adapter().getUser(id).orElseThrow().id());
            String generated = adapter().createUser(userFixture()).id();
            assertEquals(generated, UUID.fromString(generated).toString());
        }

        @Test
        void userWithoutEmail() {
            AdapterUser created = adapter().createUser(AdapterUser.builder().name("No Mail").build());
            assertEquals(Optional.of(created), adapter().getUser(created.id()));
            assertEquals(null, created.email());
            AdapterUser other = adapter().createUser(AdapterUser.builder().name("No Mail Either").build());
            assertFalse(created.id().equals(other.id()));
        }

        @Test
        void returnedValuesCarryOnlyTheirOwnAttributes() {
            AdapterUser user = adapter().createUser(customModelUserFixture());
            assertEquals(Set.of("role", "phone"), adapter().getUser(user.id()).orElseThrow().attributes().keySet());
            assertEquals(Set.of("role", "phone"), adapter().getUserByEmail(user.email()).orElseThrow().attributes().keySet());
            AdapterSession session = newSession(user.id());
            SessionAndUser both = adapter().getSessionAndUser(session.sessionToken()).orElseThrow();
            assertEquals(Map.of(), both.session().attributes());
            assertEquals(Set.of("role", "phone"), both.user().attributes().keySet());
            AdapterAccount account = adapter().linkAccount(accountFixture(user.id()));
            assertEquals(Map.of(), adapter().getAccount(account.providerAccountId(), account.provider()).orElseThrow().attributes());
            assertEquals(Set.of("role", "phone"), adapter().getUserByAccount(account.provider(), account.providerAccountId())
                    .orElseThrow().attributes().keySet());
            AdapterUser updated = adapter().updateUser(UserUpdate.of(user.id()).name("x").build());
            assertEquals(Set.of("role", "phone"), updated.attributes().keySet());
            assertEquals(Set.of("role", "phone"), adapter().deleteUser(user.id()).orElseThrow().attributes().keySet());
        }

        @Test
        void customAttributesOfEveryKindRoundTrip() {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("when", Instant.parse("2024-02-03T04:05:06.789Z"));
            nested.put("n", 7L);
            nested.put("nothing", null);
            List<Object> list = new ArrayList<>();
            list.add("a");
            list.add(1L);
            list.add(true);
            list.add(null);
            list.add(Map.of("k", "v"));
            AdapterUser user = adapter().createUser(AdapterUser.builder()
                    .email(unique("kinds") + "@example.com")
                    .attribute("string", "text")
                    .attribute("integer", 12345678901L)
                    .attribute("decimal", new BigDecimal("3.25"))
                    .attribute("yes", true)
                    .attribute("no", false)
                    .attribute("nothing", null)
                    .attribute("date", Instant.parse("2025-01-02T03:04:05.678Z"))
                    .attribute("list", list)
                    .attribute("map", nested)
                    .build());
            AdapterUser read = adapter().getUser(user.id()).orElseThrow();
            assertEquals(user, read);
            assertTrue(read.attributes().containsKey("nothing"));
        }

        @Test
        void accountAndSessionCustomAttributesRoundTrip() {
            AdapterUser user = newUser();
            AdapterAccount account = adapter().linkAccount(AdapterAccount.builder().userId(user.id()).type("oidc")
                    .provider("azure-ad").providerAccountId(unique("az"))
                    .attribute("ext_expires_in", 3600L)
                    .attribute("not-before-policy", 0L)
                    .attribute("claims", Map.of("tid", "t-1", "roles", List.of("a", "b")))
                    .attribute("issued", Instant.parse("2025-05-06T07:08:09.010Z"))
                    .build());
            AdapterAccount read = adapter().getAccount(account.providerAccountId(), account.provider()).orElseThrow();
            assertEquals(account, read);
            AdapterSession session = adapter().createSession(new AdapterSession(unique("s"), user.id(), oneWeekFromNow(),
                    Map.of("device", "Firefox on Linux", "mfa", true)));
            assertEquals(session, adapter().getSessionAndUser(session.sessionToken()).orElseThrow().session());
            for (String name : reservedAttributeNames()) {
                assertThrows(IllegalArgumentException.class, () -> adapter().linkAccount(AdapterAccount.builder()
                        .userId(user.id()).type("oauth").provider("p").providerAccountId(unique("x")).attribute(name, "v").build()), name);
                assertThrows(IllegalArgumentException.class, () -> adapter().createSession(
                        new AdapterSession(unique("s"), user.id(), oneWeekFromNow(), Map.of(name, "v"))), name);
            }
        }

        @Test
        void anyAttributeNameWorks() {
            Map<String, Object> odd = new LinkedHashMap<>();
            odd.put("with-dash", "1");
            odd.put("with.dot", "2");
            odd.put("with space", "3");
            odd.put("ünïcødé-名前", "4");
            odd.put("#hash", "5");
            odd.put(":colon", "6");
            odd.put("size", "7");
            AdapterUser user = adapter().createUser(AdapterUser.builder().email(unique("odd") + "@example.com")
                    .attributes(odd).build());
            assertEquals(odd, adapter().getUser(user.id()).orElseThrow().attributes());
            UserUpdate.Builder update = UserUpdate.of(user.id());
            odd.keySet().forEach(k -> update.attribute(k, k + "!"));
            AdapterUser updated = adapter().updateUser(update.build());
            odd.keySet().forEach(k -> assertEquals(k + "!", updated.attribute(k)));
        }

        @Test
        void reservedAttributeNamesAreRefused() {
            AdapterUser user = newUser();
            for (String name : reservedAttributeNames()) {
                assertThrows(IllegalArgumentException.class,
                        () -> adapter().createUser(AdapterUser.builder().email(unique("r") + "@example.com").attribute(name, "x").build()),
                        name);
                assertThrows(IllegalArgumentException.class,
                        () -> adapter().updateUser(UserUpdate.of(user.id()).attribute(name, "x").build()), name);
            }
            assertEquals(Optional.of(user), adapter().getUser(user.id()));
        }

        @Test
        void partialUpdatesDistinguishLeaveFromSetToNull() {
            AdapterUser user = newUser();
            AdapterUser updated = adapter().updateUser(UserUpdate.of(user.id()).image(null).build());
            assertEquals(null, updated.image());
            assertEquals(user.name(), updated.name());
            assertEquals(user.emailVerified(), updated.emailVerified());
            AdapterUser again = adapter().updateUser(UserUpdate.of(user.id()).emailVerified(null).build());
            assertEquals(null, again.emailVerified());
            assertEquals(null, again.image());
            assertEquals(user.name(), again.name());
        }

        @Test
        void updateUserWithANewEmailMovesTheLookup() {
            AdapterUser user = newUser();
            String newEmail = unique("moved") + "@example.com";
            AdapterUser updated = adapter().updateUser(UserUpdate.of(user.id()).email(newEmail).build());
            assertEquals(newEmail, updated.email());
            assertEquals(Optional.of(updated), adapter().getUserByEmail(newEmail));
            assertEquals(Optional.empty(), adapter().getUserByEmail(user.email()));
            // the old email is free again
            assertNotNull(adapter().createUser(AdapterUser.builder().email(user.email()).build()).id());
        }

        @Test
        void updateUserRemovingTheEmail() {
            AdapterUser user = newUser();
            AdapterUser updated = adapter().updateUser(UserUpdate.of(user.id()).email(null).build());
            assertEquals(null, updated.email());
            assertEquals(Optional.empty(), adapter().getUserByEmail(user.email()));
            assertNotNull(adapter().createUser(AdapterUser.builder().email(user.email()).build()).id());
        }

        @Test
        void updatesNeverCreate() {
            String id = unique("ghost");
            assertThrows(NotFoundException.class, () -> adapter().updateUser(UserUpdate.of(id).name("x").build()));
            assertThrows(NotFoundException.class,
                    () -> adapter().updateUser(UserUpdate.of(id).email(unique("g") + "@example.com").build()));
            assertEquals(Optional.empty(), adapter().getUser(id));
            String token = unique("ghost-session");
            assertEquals(Optional.empty(), adapter().updateSession(SessionUpdate.expires(token, oneWeekFromNow())));
            assertEquals(Optional.empty(), adapter().getSessionAndUser(token));
            assertThrows(NotFoundException.class, () -> adapter().updateAuthenticatorCounter(unique("cred"), 5));
        }

        @Test
        void oneUserPerEmail() {
            AdapterUser user = newUser();
            assertThrows(EmailAlreadyInUseException.class,
                    () -> adapter().createUser(AdapterUser.builder().email(user.email()).build()));
            AdapterUser other = newUser();
            assertThrows(EmailAlreadyInUseException.class,
                    () -> adapter().updateUser(UserUpdate.of(other.id()).email(user.email()).build()));
            assertEquals(Optional.of(other), adapter().getUser(other.id()));
            assertEquals(Optional.of(user), adapter().getUserByEmail(user.email()));
        }

        @Test
        void oneUserPerProviderAccount() {
            AdapterUser first = newUser();
            AdapterUser second = newUser();
            AdapterAccount account = adapter().linkAccount(accountFixture(first.id()));
            AdapterAccount again = AdapterAccount.builder().userId(second.id()).type("oauth")
                    .provider(account.provider()).providerAccountId(account.providerAccountId()).build();
            assertThrows(AccountAlreadyLinkedException.class, () -> adapter().linkAccount(again));
            assertEquals(Optional.of(first), adapter().getUserByAccount(account.provider(), account.providerAccountId()));
            adapter().unlinkAccount(account.provider(), account.providerAccountId());
            adapter().linkAccount(again);
            assertEquals(Optional.of(second), adapter().getUserByAccount(account.provider(), account.providerAccountId()));
        }

        @Test
        void linkAccountToAMissingUserIsRefused() {
            AdapterAccount account = accountFixture(unique("ghost"));
            assertThrows(NotFoundException.class, () -> adapter().linkAccount(account));
            assertEquals(Optional.empty(), adapter().getAccount(account.providerAccountId(), account.provider()));
            AdapterUser real = newUser();
            adapter().linkAccount(AdapterAccount.builder().userId(real.id()).type("oauth").provider(account.provider())
                    .providerAccountId(account.providerAccountId()).build());
        }

        @Test
        void emailIsFreeAgainAfterDeleteUser() {
            AdapterUser user = newUser();
            AdapterAccount account = adapter().linkAccount(accountFixture(user.id()));
            adapter().deleteUser(user.id());
            AdapterUser again = adapter().createUser(AdapterUser.builder().email(user.email()).build());
            adapter().linkAccount(AdapterAccount.builder().userId(again.id()).type("oauth").provider(account.provider())
                    .providerAccountId(account.providerAccountId()).build());
            assertEquals(Optional.of(again), adapter().getUserByAccount(account.provider(), account.providerAccountId()));
        }

        @Test
        void deleteUserRemovesEverythingHoweverMuch() {
            AdapterUser user = newUser();
            List<AdapterSession> sessions = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                sessions.add(newSession(user.id()));
            }
            List<AdapterAccount> accounts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accounts.add(adapter().linkAccount(accountFixture(user.id())));
            }
            AdapterAuthenticator passkey = adapter().createAuthenticator(authenticatorFixture(user.id()));
            assertEquals(Optional.of(user), adapter().deleteUser(user.id()));
            for (AdapterSession s : sessions) {
                assertEquals(Optional.empty(), adapter().getSessionAndUser(s.sessionToken()));
                assertEquals(Optional.empty(), adapter().deleteSession(s.sessionToken()));
            }
            for (AdapterAccount a : accounts) {
                assertEquals(Optional.empty(), adapter().getAccount(a.providerAccountId(), a.provider()));
            }
            assertEquals(Optional.empty(), adapter().getAuthenticator(passkey.credentialID()));
            assertEquals(List.of(), adapter().listAuthenticatorsByUserId(user.id()));
        }

        @Test
        void deleteUserWithNothingElse() {
            AdapterUser user = newUser();
            assertEquals(Optional.of(user), adapter().deleteUser(user.id()));
            assertEquals(Optional.empty(), adapter().getUser(user.id()));
        }

        @Test
        void expiredSessionsAreNeverReturned() {
            AdapterUser user = newUser();
            AdapterSession expired = adapter().createSession(
                    new AdapterSession(unique("old"), user.id(), Instant.now().minus(Duration.ofMinutes(1))));
            assertEquals(Optional.empty(), adapter().getSessionAndUser(expired.sessionToken()));
            assertEquals(Optional.empty(), adapter().updateSession(SessionUpdate.expires(expired.sessionToken(), oneWeekFromNow())));
            assertEquals(Optional.empty(), adapter().getSessionAndUser(expired.sessionToken()));
            assertEquals(Optional.empty(), adapter().deleteSession(expired.sessionToken()));
        }

        @Test
        void selfLocatingSessionTokensWorkLikeAnyOther() {
            AdapterUser user = newUser();
            AdapterUser other = newUser();
            AdapterSession session = adapter().createSession(
                    new AdapterSession(SessionTokens.issue(user.id()), user.id(), oneWeekFromNow()));
            String token = session.sessionToken();
            assertEquals(Optional.of(new SessionAndUser(session, user)), adapter().getSessionAndUser(token));
            // the same random part under another owner is another (unknown) token
            String forged = SessionTokens.issue(other.id()).split("\\.")[0] + token.substring(token.indexOf('.'));
            assertEquals(Optional.empty(), adapter().getSessionAndUser(forged));
            assertEquals(Optional.empty(), adapter().updateSession(SessionUpdate.expires(forged, oneWeekFromNow())));
            assertEquals(Optional.empty(), adapter().deleteSession(forged));
            Instant later = oneWeekFromNow().plus(Duration.ofDays(1));
            assertEquals(later, adapter().updateSession(SessionUpdate.expires(token, later)).orElseThrow().expires());
            assertEquals(later, adapter().getSessionAndUser(token).orElseThrow().session().expires());
            assertEquals(Optional.of(new AdapterSession(token, user.id(), later)), adapter().deleteSession(token));
            assertEquals(Optional.empty(), adapter().getSessionAndUser(token));
            assertEquals(Optional.empty(), adapter().updateSession(SessionUpdate.expires(token, later)));
            assertEquals(Optional.empty(), adapter().deleteSession(token));

            AdapterSession expired = adapter().createSession(new AdapterSession(SessionTokens.issue(user.id()), user.id(),
                    Instant.now().minus(Duration.ofMinutes(1))));
            assertEquals(Optional.empty(), adapter().getSessionAndUser(expired.sessionToken()));
            assertEquals(Optional.empty(), adapter().updateSession(SessionUpdate.expires(expired.sessionToken(), later)));
            assertEquals(Optional.empty(), adapter().getSessionAndUser(expired.sessionToken()));
        }

        @Test
        void expiredVerificationTokensAreConsumedButNotReturned() {
            String identifier = unique("late") + "@example.com";
            VerificationToken token = new VerificationToken(identifier, hashToken(unique("raw")),
                    Instant.now().minus(Duration.ofSeconds(1)));
            adapter().createVerificationToken(token);
            assertEquals(Optional.empty(), adapter().useVerificationToken(identifier, token.token()));
            // consumed: even a fixed clock could not bring it back
            adapter().createVerificationToken(new VerificationToken(identifier, unique("other"), oneWeekFromNow()));
            assertEquals(Optional.empty(), adapter().useVerificationToken(identifier, token.token()));
        }

        @Test
        void emptyOrOverlongKeysGiveEmptyResults() {
            String longToken = "x".repeat(5000);
            String longUnicode = "é".repeat(1500);
            for (String bad : List.of("", longToken, longUnicode)) {
                assertEquals(Optional.empty(), adapter().getUser(bad));
                assertEquals(Optional.empty(), adapter().getUserByEmail(bad));
                assertEquals(Optional.empty(), adapter().getUserByAccount("github", bad));
                assertEquals(Optional.empty(), adapter().getUserByAccount(bad, "x"));
                assertEquals(Optional.empty(), adapter().getSessionAndUser(bad));
                assertEquals(Optional.empty(), adapter().updateSession(SessionUpdate.expires(bad, oneWeekFromNow())));
                assertEquals(Optional.empty(), adapter().deleteSession(bad));
                assertEquals(Optional.empty(), adapter().useVerificationToken(bad, "t"));
                assertEquals(Optional.empty(), adapter().useVerificationToken("a@example.com", bad));
                assertEquals(Optional.empty(), adapter().getAccount(bad, "github"));
                assertEquals(Optional.empty(), adapter().unlinkAccount("github", bad));
                assertEquals(Optional.empty(), adapter().deleteUser(bad));
                assertEquals(Optional.empty(), adapter().getAuthenticator(bad));
                assertEquals(List.of(), adapter().listAuthenticatorsByUserId(bad));
                assertThrows(NotFoundException.class, () -> adapter().updateAuthenticatorCounter(bad, 1));
                assertThrows(NotFoundException.class, () -> adapter().updateUser(UserUpdate.of(bad).name("x").build()));
            }
            AdapterUser user = newUser();
            assertThrows(IllegalArgumentException.class,
                    () -> adapter().createSession(new AdapterSession(longToken, user.id(), oneWeekFromNow())));
            assertThrows(IllegalArgumentException.class,
                    () -> adapter().createUser(AdapterUser.builder().email(longToken + "@example.com").build()));
        }

        @Test
        void toStringNeverShowsSecrets() {
            AdapterSession session = new AdapterSession("secret-session-token", "u", oneWeekFromNow());
            VerificationToken token = new VerificationToken("a@example.com", "secret-hash", oneWeekFromNow());
            AdapterAccount account = AdapterAccount.builder().userId("u").type("oauth").provider("p").providerAccountId("1")
                    .accessToken("secret-access").refreshToken("secret-refresh").idToken("secret-id")
                    .attribute("custom_token", "secret-custom").build();
            for (Object o : List.of(session, token, account, SessionUpdate.expires("secret-session-token", oneWeekFromNow()))) {
                assertFalse(o.toString().contains("secret"), o.toString());
            }
        }
    }

    // ---- concurrency ---------------------------------------------------------------------------

    @Nested
    class Concurrency {
        private static final int THREADS = 32;

        private <T> List<Future<T>> race(Callable<T> task) throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES), "threads did not finish");
            return futures;
        }

        private static <T> int successes(List<Future<T>> futures, Class<? extends Exception> expectedFailure) throws InterruptedException {
            int ok = 0;
            for (Future<T> f : futures) {
                try {
                    f.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(expectedFailure.isInstance(e.getCause()), "unexpected failure: " + e.getCause());
                }
            }
            return ok;
        }

        @Test
        void thirtyTwoThreadsCreatingOneEmailMakeOneUser() throws Exception {
            String email = unique("race") + "@example.com";
            List<Future<AdapterUser>> futures = race(() -> adapter().createUser(AdapterUser.builder().email(email).build()));
            assertEquals(1, successes(futures, EmailAlreadyInUseException.class));
            assertTrue(adapter().getUserByEmail(email).isPresent());
        }

        @Test
        void thirtyTwoThreadsUsingOneTokenGetItOnce() throws Exception {
            String identifier = unique("race") + "@example.com";
            VerificationToken token = adapter().createVerificationToken(
                    new VerificationToken(identifier, hashToken(unique("raw")), oneWeekFromNow()));
            List<Future<Optional<VerificationToken>>> futures =
                    race(() -> adapter().useVerificationToken(identifier, token.token()));
            int got = 0;
            for (Future<Optional<VerificationToken>> f : futures) {
                if (f.get().isPresent()) {
                    got++;
                }
            }
            assertEquals(1, got);
        }

        @Test
        void thirtyTwoThreadsLinkingOneAccountMakeOneLink() throws Exception {
            List<AdapterUser> users = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                users.add(newUser());
            }
            String providerAccountId = unique("shared");
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<AdapterAccount>> futures = race(() -> adapter().linkAccount(AdapterAccount.builder()
                    .userId(users.get(next.getAndIncrement()).id()).type("oauth").provider("github")
                    .providerAccountId(providerAccountId).build()));
            assertEquals(1, successes(futures, AccountAlreadyLinkedException.class));
            AdapterUser owner = adapter().getUserByAccount("github", providerAccountId).orElseThrow();
            assertTrue(users.contains(owner));
        }
    }
}
