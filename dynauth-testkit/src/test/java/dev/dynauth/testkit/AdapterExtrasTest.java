package dev.dynauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.NotFoundException;
import dev.dynauth.TableOptions;
import dev.dynauth.UserItemCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DynamoDbAdapter's methods beyond Auth.js's API, for account pages, OAuth2 token storage and admin tools. */
class AdapterExtrasTest {
    private static LocalTable table;
    private static DynamoDbAdapter adapter;

    @BeforeAll
    static void start() {
        table = LocalTable.start(CustomNamesConformanceTest.CUSTOM);
        adapter = DynamoDbAdapter.builder().client(table.client()).options(CustomNamesConformanceTest.CUSTOM).build();
    }

    @AfterAll
    static void stop() {
        table.close();
    }

    private static AdapterUser user() {
        return adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
    }

    private static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void listAndUpdateAccounts() {
        AdapterUser user = user();
        AdapterAccount github = adapter.linkAccount(AdapterAccount.builder().userId(user.id()).type("oauth").provider("github")
                .providerAccountId("1").accessToken("old").refreshToken("r").expiresAt(100L).build());
        AdapterAccount google = adapter.linkAccount(AdapterAccount.builder().userId(user.id()).type("oidc").provider("google")
                .providerAccountId("2").build());
        assertEquals(Set.of(github, google), Set.copyOf(adapter.listAccounts(user.id())));
        assertEquals(List.of(), adapter.listAccounts(UUID.randomUUID().toString()));

        AdapterAccount refreshed = adapter.updateAccount(AdapterAccount.builder().userId(user.id()).type("oauth")
                .provider("github").providerAccountId("1").accessToken("new").expiresAt(200L)
                .attribute("ext_expires_in", 3600L).build());
        assertEquals("new", refreshed.accessToken());
        assertEquals(null, refreshed.refreshToken());
        assertEquals(200L, refreshed.expiresAt());
        assertEquals(github.id(), refreshed.id());
        assertEquals(3600L, refreshed.attribute("ext_expires_in"));
        assertEquals(Optional.of(refreshed), adapter.getAccount("1", "github"));

        assertThrows(NotFoundException.class, () -> adapter.updateAccount(AdapterAccount.builder().userId(user.id())
                .type("oauth").provider("gitlab").providerAccountId("3").accessToken("x").build()));
        assertEquals(Optional.empty(), adapter.getAccount("3", "gitlab"));
    }

    @Test
    void deleteAuthenticator() {
        AdapterUser user = user();
        String cred = "cred/" + UUID.randomUUID() + "==";
        AdapterAuthenticator a = adapter.createAuthenticator(
                new AdapterAuthenticator(cred, user.id(), cred, "key", 0, "singleDevice", false, null));
        assertEquals(Optional.of(a), adapter.deleteAuthenticator(cred));
        assertEquals(Optional.empty(), adapter.getAuthenticator(cred));
        assertEquals(Optional.empty(), adapter.deleteAuthenticator(cred));
    }

    @Test
    void listAndDeleteSessions() {
        AdapterUser user = user();
        AdapterSession live = adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(3)));
        AdapterSession other = adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(5)));
        adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(-1)));
        assertEquals(Set.of(live, other), Set.copyOf(adapter.listSessions(user.id())));
        assertEquals(3, adapter.deleteSessions(user.id()));
        assertEquals(List.of(), adapter.listSessions(user.id()));
        assertTrue(adapter.getUser(user.id()).isPresent());
        assertEquals(0, adapter.deleteSessions(""));
    }

    @Test
    void listAllSessionsIncludesExpiredOnesAndIsLiveTellsThemApart() {
        AdapterUser user = user();
        AdapterSession live = adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(3)));
        AdapterSession expired = adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(-1)));
        List<AdapterSession> all = adapter.listAllSessions(user.id());
        assertEquals(Set.of(live, expired), Set.copyOf(all));
        assertEquals(Set.of(live), all.stream().filter(adapter::isLive).collect(Collectors.toSet()));
        assertFalse(adapter.isLive(null));
        assertEquals(List.of(), adapter.listAllSessions(UUID.randomUUID().toString()));
        assertEquals(List.of(), adapter.listAllSessions(""));
    }

    @Test
    void findSessionSeesExpiredSessionsToo() {
        AdapterUser user = user();
        AdapterSession live = adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(3)));
        AdapterSession expired = adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(-1)));
        assertEquals(Optional.of(live), adapter.findSession(live.sessionToken()));
        assertEquals(Optional.of(expired), adapter.findSession(expired.sessionToken()));
        assertEquals(Optional.empty(), adapter.getSessionAndUser(expired.sessionToken()));
        assertEquals(Optional.empty(), adapter.findSession(UUID.randomUUID().toString()));
        assertEquals(Optional.empty(), adapter.findSession("x".repeat(3000)));
        assertEquals(Optional.empty(), adapter.findSession(""));
    }

    @Test
    void countUserItemsByKind() {
        AdapterUser user = user();
        adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(3)));
        adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), user.id(), inDays(-1)));
        adapter.linkAccount(AdapterAccount.builder().userId(user.id()).type("oauth").provider("github")
                .providerAccountId(UUID.randomUUID().toString()).build());
        String cred = "cred/" + UUID.randomUUID() + "==";
        adapter.createAuthenticator(new AdapterAuthenticator(cred, user.id(), cred, "key", 0, "singleDevice", false, null));
        adapter.linkAccount(AdapterAccount.builder().userId(user.id()).type("webauthn").provider("webauthn")
                .providerAccountId(cred).build());

        UserItemCounts counts = adapter.countUserItems(user.id());
        assertEquals(new UserItemCounts(6, 2, 1, 2, 1), counts);
        assertEquals(1, counts.expiredSessions());
        assertEquals(UserItemCounts.NONE, adapter.countUserItems(UUID.randomUUID().toString()));
        assertEquals(UserItemCounts.NONE, adapter.countUserItems(""));
        assertThrows(IllegalArgumentException.class, () -> new UserItemCounts(1, 0, 0, 1, 2));
    }

    @Test
    void scanUsersFindsEveryUserAndNothingElse() {
        AdapterUser a = user();
        AdapterUser b = adapter.createUser(AdapterUser.builder().name("no email").build());
        adapter.createSession(new AdapterSession(UUID.randomUUID().toString(), a.id(), inDays(1)));
        adapter.linkAccount(AdapterAccount.builder().userId(a.id()).type("oauth").provider("x").providerAccountId(UUID.randomUUID().toString()).build());
        Set<String> ids = adapter.scanUsers().map(AdapterUser::id).collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of(a.id(), b.id())));
        assertFalse(adapter.scanUsers().anyMatch(u -> u.id() == null));
        assertEquals(ids.size(), adapter.scanUsers().count());
    }

    @Test
    void tableOptionsAreKept() {
        TableOptions options = adapter.options();
        assertEquals("custom-table-name", options.tableName());
    }
}
