package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UsersAndSessionsCommandTest {
    final Cli cli = new Cli();
    final double inAWeek = Instant.now().plusSeconds(7 * 86400).toEpochMilli() / 1000.0;
    final double anHourAgo = Instant.now().minusSeconds(3600).toEpochMilli() / 1000.0;
    static final String TOKEN_A = "3f2a9c1e-aaaa-4bbb-8ccc-0123456789ab";
    static final String TOKEN_B = "77777777-bbbb-4ccc-8ddd-0123456789ab";
    static final String TOKEN_OLD = "00000000-cccc-4ddd-8eee-0123456789ab";

    @BeforeEach
    void seed() {
        cli.createTableWithoutTtl();
        cli.user("u1", "ada@example.com", "Ada");
        cli.user("u2", "bob@example.com", "Bob");
        cli.account("u1", "github", "gh-1", "gho_SECRETACCESSTOKEN");
        cli.authenticator("u1", "Y3JlZC0x+/=");
        cli.session("u1", TOKEN_A, inAWeek);
        cli.session("u1", TOKEN_B, inAWeek);
        cli.session("u1", TOKEN_OLD, anHourAgo);
        cli.session("u2", "bob-token-0000000000000000000000000", inAWeek);
    }

    @Test
    void listUsers() {
        Cli.Result r = cli.run("users", "list");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("ID"), r::toString);
        assertTrue(r.out().contains("ada@example.com"), r::toString);
        assertTrue(r.out().contains("bob@example.com"), r::toString);
        assertTrue(r.out().contains("2 users"), r::toString);

        Cli.Result j = cli.run("users", "list", "--json");
        assertEquals(2, j.json().size(), j::toString);
        for (JsonNode u : j.json()) {
            assertFalse(u.has("pk"), "key attributes are not part of a user: " + u);
            assertFalse(u.has("type"));
        }

        Cli.Result one = cli.run("users", "list", "--limit", "1");
        assertTrue(one.out().contains("1 user shown; more exist"), one::toString);

        Cli.Result bad = cli.run("users", "list", "--limit", "x");
        assertEquals(2, bad.code(), bad::toString);
    }

    @Test
    void showByIdOrEmailWithoutSecrets() {
        Cli.Result r = cli.run("users", "show", "ADA@example.com");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Ada"), r::toString);
        assertTrue(r.out().contains("github"), r::toString);
        assertTrue(r.out().contains("Sessions: 2 active, 1 expired"), r::toString);
        assertTrue(r.out().contains("Passkeys: 1"), r::toString);
        assertFalse(r.out().contains("SECRETACCESSTOKEN"), "provider tokens are never shown");
        assertFalse(r.out().contains(TOKEN_A), "session tokens are never shown");

        Cli.Result j = cli.run("users", "show", "u1", "--json");
        assertEquals(0, j.code(), j::toString);
        assertEquals("ada@example.com", j.json().get("user").get("email").stringValue());
        assertTrue(j.json().get("user").get("emailVerified").isNull());
        assertEquals("gh-1", j.json().get("accounts").get(0).get("providerAccountId").stringValue());
        assertEquals(2, j.json().get("activeSessions").intValue());
        assertFalse(j.out().contains("SECRETACCESSTOKEN"));
    }

    @Test
    void unknownUserIsAnErrorLine() {
        Cli.Result r = cli.run("users", "show", "nobody@example.com");
        assertEquals(1, r.code(), r::toString);
        assertEquals("dynauth: no user with id or email 'nobody@example.com'", r.err().strip());
        assertEquals("", r.out());

        Cli.Result missing = cli.run("users", "show");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("Missing required parameter: '<id or email>'"), missing::toString);
        assertEquals(1, missing.err().strip().lines().count(), missing::toString);
    }

    @Test
    void deleteRemovesTheUserAndEverythingOfIt() {
        Cli.Result r = cli.run("users", "delete", "u1", "--yes");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("deleted user u1 <ada@example.com> with 3 sessions, 1 linked accounts and 1 passkeys"), r::toString);
        assertNull(cli.get("USER#u1", "USER#u1"));
        assertNull(cli.get("USER#u1", "SESSION#" + TOKEN_A));
        assertNull(cli.get("USER#u1", "ACCOUNT#github#gh-1"));
        assertNotNull(cli.get("USER#u2", "USER#u2"), "other users stay");
        assertEquals(2, cli.count(), "bob and his session remain");

        Cli.Result again = cli.run("users", "delete", "u1", "--json", "--yes");
        assertEquals(1, again.code(), again::toString);
    }

    @Test
    void commandsOnAMissingTableSaySo() {
        Cli other = new Cli();
        for (String[] args : new String[][] {{"users", "list"}, {"users", "show", "u1"}, {"users", "delete", "u1"},
                {"sessions", "list", "u1"}, {"sessions", "revoke", "--user", "u1"}, {"purge-expired"}}) {
            Cli.Result r = other.run(args);
            assertEquals(1, r.code(), r::toString);
            assertEquals("dynauth: no table '" + other.table + "' in test DynamoDB Local (create it with: dynauth table create)",
                    r.err().strip(), r::toString);
        }
    }

    @Test
    void listSessionsMasksTokens() {
        Cli.Result r = cli.run("sessions", "list", "ada@example.com");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("2 active sessions of user u1"), r::toString);
        assertFalse(r.out().contains(TOKEN_A), r::toString);
        assertTrue(r.out().contains("3f2a…ab"), r::toString);

        Cli.Result all = cli.run("sessions", "list", "u1", "--all", "--show-tokens", "--json");
        assertEquals(3, all.json().size(), all::toString);
        assertTrue(all.out().contains(TOKEN_OLD), all::toString);
        long expired = 0;
        for (JsonNode s : all.json()) if (!s.get("active").booleanValue()) expired++;
        assertEquals(1, expired);
    }

    @Test
    void revokeOneSessionByToken() {
        Cli.Result r = cli.run("sessions", "revoke", TOKEN_A);
        assertEquals(0, r.code(), r::toString);
        assertEquals("revoked 1 session of user u1", r.out().strip());
        assertNull(cli.get("USER#u1", "SESSION#" + TOKEN_A));
        assertNotNull(cli.get("USER#u1", "SESSION#" + TOKEN_B));

        Cli.Result again = cli.run("sessions", "revoke", TOKEN_A);
        assertEquals(1, again.code(), again::toString);
        assertTrue(again.err().startsWith("dynauth: no session with that token"), again::toString);
        assertFalse(again.err().contains(TOKEN_A), "the token is never echoed");

        Cli.Result tooLong = cli.run("sessions", "revoke", "x".repeat(3000));
        assertEquals(1, tooLong.code(), "an over-long token is simply unknown: " + tooLong);
    }

    @Test
    void revokeEverySessionOfAUser() {
        Cli.Result r = cli.run("sessions", "revoke", "--user", "u1", "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(3, r.json().get("revoked").intValue());
        assertNull(cli.get("USER#u1", "SESSION#" + TOKEN_B));
        assertNotNull(cli.get("USER#u1", "USER#u1"), "the user stays");
        assertNotNull(cli.get("USER#u2", "SESSION#bob-token-0000000000000000000000000"));

        Cli.Result both = cli.run("sessions", "revoke", TOKEN_B, "--user", "u1");
        assertEquals(2, both.code(), both::toString);
        Cli.Result neither = cli.run("sessions", "revoke");
        assertEquals(2, neither.code(), neither::toString);
    }
}
