package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.app.command.DoctorCommand;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.web.DevMailbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/** {@code dynauth doctor} on a table holding one of each violation, written as the npm adapter (and time) leave them. */
class DoctorCommandTest {
    static final String LIVE_TOKEN = "live-session-token-of-the-duplicate-000000";
    final Cli cli = new Cli();

    @BeforeEach
    void seed() {
        cli.createTableWithoutTtl();
        double future = Instant.now().plusSeconds(3600).toEpochMilli() / 1000.0;
        double past = Instant.now().minusSeconds(7200).toEpochMilli() / 1000.0;
        cli.user("u1", "ada@example.com", "Ada");                                   // MISSING_CLAIM (email)
        cli.account("u1", "github", "1", "gho_x");                                   // MISSING_CLAIM (account)
        cli.session("u1", "expired-session-token-0000000000000000000", past);        // EXPIRED
        cli.authenticator("u1", "cred-1");                                           // PASSKEY_WITHOUT_ACCOUNT
        cli.user("u2", "dup@example.com", "First");                                  // DUPLICATE_EMAIL
        cli.user("u3", "dup@example.com", "Second");
        cli.session("u3", LIVE_TOKEN, future);
        Map<String, AttributeValue> noEmail = cli.user("u4", "x", "No email");       // UNDEFINED_INDEX_KEY
        noEmail.remove("email");
        noEmail.put("GSI1PK", Cli.s("USER#undefined"));
        noEmail.put("GSI1SK", Cli.s("USER#undefined"));
        cli.put(noEmail);
        Map<String, AttributeValue> moved = cli.user("u5", "new@example.com", "Moved"); // STALE_INDEX_KEY + MISSING_CLAIM
        moved.put("GSI1PK", Cli.s("USER#old@example.com"));
        moved.put("GSI1SK", Cli.s("USER#old@example.com"));
        cli.put(moved);
        cli.put(Map.of("pk", Cli.s("USER#ghost"), "sk", Cli.s("USER#ghost"), "name", Cli.s("stub")));   // STUB_ITEM
        cli.session("gone", "orphan-session-token-00000000000000000000", future);   // ORPHAN
        cli.verificationToken("ada@example.com", "hash-iso", Cli.s("2099-01-01T00:00:00.000Z"));        // ISO_EXPIRES
        cli.put(Map.of("pk", Cli.s("UNIQUE#EMAIL#left@example.com"), "sk", Cli.s("UNIQUE#EMAIL#left@example.com"),
                "type", Cli.s("UNIQUE"), "userId", Cli.s("gone")));                  // STALE_CLAIM
        cli.put(Map.of("pk", Cli.s("OTHER#1"), "sk", Cli.s("OTHER#1")));           // UNKNOWN_SHAPE
    }

    static Map<String, Integer> kinds(JsonNode violations) {
        Map<String, Integer> m = new TreeMap<>();
        violations.forEach(v -> m.merge(v.get("kind").asText(), 1, Integer::sum));
        return m;
    }

    @Test
    void reportsEveryPlantedViolationExactly() {
        Cli.Result r = cli.run("doctor", "--json");
        assertEquals(DoctorCommand.VIOLATIONS_EXIT, r.code(), r::toString);
        assertEquals(new TreeMap<>(Map.ofEntries(Map.entry("DUPLICATE_EMAIL", 1), Map.entry("EXPIRED", 1),
                Map.entry("ISO_EXPIRES", 1), Map.entry("MISSING_CLAIM", 3), Map.entry("ORPHAN", 1),
                Map.entry("PASSKEY_WITHOUT_ACCOUNT", 1), Map.entry("STALE_CLAIM", 1), Map.entry("STALE_INDEX_KEY", 1),
                Map.entry("STUB_ITEM", 1), Map.entry("UNDEFINED_INDEX_KEY", 1), Map.entry("UNKNOWN_SHAPE", 1))),
                kinds(r.json().get("found")), r::toString);
        assertFalse(r.out().contains(LIVE_TOKEN) || r.out().contains("orphan-session-token-0000"), "tokens are masked");
        assertEquals(14, cli.count(), "a check writes nothing");

        Cli.Result human = cli.run("doctor");
        assertEquals(DoctorCommand.VIOLATIONS_EXIT, human.code());
        assertTrue(human.out().startsWith("KIND"), human::toString);
        assertTrue(human.out().contains("scanned 14 items: "), human::toString);
        assertTrue(human.out().contains("need --fix --merge-duplicates"), human::toString);
        assertFalse(human.out().contains(LIVE_TOKEN), "tokens are masked");
    }

    @Test
    void fixRepairsWhatHasOneAnswerAndMergesOnlyWhenAsked() {
        Cli.Result fixed = cli.run("doctor", "--fix", "--json");
        assertEquals(DoctorCommand.VIOLATIONS_EXIT, fixed.code(), fixed::toString);
        assertEquals(Map.of("DUPLICATE_EMAIL", 1, "PASSKEY_WITHOUT_ACCOUNT", 1, "UNKNOWN_SHAPE", 1),
                kinds(fixed.json().get("remaining")), fixed::toString);
        assertNull(cli.get("USER#ghost", "USER#ghost"), "stub deleted");
        assertNull(cli.get("USER#gone", "SESSION#orphan-session-token-00000000000000000000"), "orphan deleted");
        assertNull(cli.get("UNIQUE#EMAIL#left@example.com", "UNIQUE#EMAIL#left@example.com"), "stale claim released");
        assertEquals("USER#new@example.com", cli.get("USER#u5", "USER#u5").get("GSI1PK").s());
        assertFalse(cli.get("USER#u4", "USER#u4").containsKey("GSI1PK"), "USER#undefined removed");
        assertNotNull(cli.get("VT#ada@example.com", "VT#hash-iso").get("expires").n(), "ISO expires converted");
        assertEquals("u1", cli.get("UNIQUE#EMAIL#ada@example.com", "UNIQUE#EMAIL#ada@example.com").get("userId").s());
        assertEquals("u1", cli.get("UNIQUE#ACCOUNT#github#1", "UNIQUE#ACCOUNT#github#1").get("userId").s());
        assertNotNull(cli.get("USER#u3", "USER#u3"), "duplicates are not merged without --merge-duplicates");
        assertNotNull(cli.get("OTHER#1", "OTHER#1"), "unknown items are never touched");

        Cli.Result again = cli.run("doctor", "--fix", "--json");
        assertEquals(0, again.json().get("fixed").intValue(), "idempotent: " + again);

        Cli.Result merged = cli.run("doctor", "--fix", "--merge-duplicates");
        assertEquals(DoctorCommand.VIOLATIONS_EXIT, merged.code(), merged::toString);
        assertNull(cli.get("USER#u3", "USER#u3"), "the newer duplicate is gone");
        Map<String, AttributeValue> session = cli.get("USER#u2", "SESSION#" + LIVE_TOKEN);
        assertNotNull(session, "its session moved to the kept user");
        assertEquals("u2", session.get("userId").s());
        assertEquals("u2", cli.get("UNIQUE#EMAIL#dup@example.com", "UNIQUE#EMAIL#dup@example.com").get("userId").s());
        assertTrue(merged.out().contains("left: PASSKEY_WITHOUT_ACCOUNT"), merged::toString);
        assertTrue(merged.out().contains("left: UNKNOWN_SHAPE"), merged::toString);

        Cli.Result json = cli.run("doctor", "--json");
        assertEquals(Map.of("PASSKEY_WITHOUT_ACCOUNT", 1, "UNKNOWN_SHAPE", 1), kinds(json.json().get("found")));
    }

    @Test
    void mergeNeedsFixAndCheckpointsAreCleanedUp(@TempDir Path dir) {
        Cli.Result r = cli.run("doctor", "--merge-duplicates");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--merge-duplicates needs --fix"), r::toString);
        Path cp = dir.resolve("doctor.checkpoint");
        Cli.Result withCheckpoint = cli.run("doctor", "--json", "--checkpoint", cp.toString(), "--segments", "3", "--max-rcu", "1000");
        assertEquals(DoctorCommand.VIOLATIONS_EXIT, withCheckpoint.code(), withCheckpoint::toString);
        assertEquals(14, withCheckpoint.json().get("scanned").intValue());
        assertFalse(Files.exists(cp), "a finished check leaves no checkpoint");
    }

    /** A checkpoint whose one segment is finished, holding an orphan session that is not in the table. */
    static Path finishedCheckpointWithAnOrphan(Path dir) throws Exception {
        Path cp = dir.resolve("doctor.checkpoint");
        Map<String, AttributeValue> orphan = Map.of("pk", Cli.s("USER#nobody"), "sk", Cli.s("SESSION#token-in-checkpoint-000000"),
                "GSI1PK", Cli.s("SESSION#token-in-checkpoint-000000"), "GSI1SK", Cli.s("SESSION#token-in-checkpoint-000000"),
                "type", Cli.s("SESSION"), "sessionToken", Cli.s("token-in-checkpoint-000000"), "userId", Cli.s("nobody"),
                "expires", AttributeValue.fromN("4102444800"));
        Files.writeString(cp, "{\"positions\":[null],\"items\":[" + DynamoJson.MAPPER.writeValueAsString(DynamoJson.toJson(orphan)) + "]}");
        return cp;
    }

    @Test
    void resumesFromItsCheckpointFile(@TempDir Path dir) throws Exception {
        // a checkpoint whose one segment is finished: the check resumes from it and reads nothing more
        Path cp = finishedCheckpointWithAnOrphan(dir);
        Cli.Result r = cli.run("doctor", "--json", "--checkpoint", cp.toString());
        assertEquals(DoctorCommand.VIOLATIONS_EXIT, r.code(), r::toString);
        assertEquals(1, r.json().get("scanned").intValue(), r::toString);
        assertEquals(Map.of("ORPHAN", 1), kinds(r.json().get("found")));
        assertFalse(Files.exists(cp), "deleted once the check completed");

        Files.writeString(cp, "not json");
        Cli.Result bad = cli.run("doctor", "--checkpoint", cp.toString());
        assertEquals(1, bad.code(), bad::toString);
        assertTrue(bad.err().contains("cannot read the checkpoint") && bad.err().contains("delete it to start over"), bad::toString);
    }

    @Test
    void aFixNeverResumesFromTheCheckpointOfAFinishedScan(@TempDir Path dir) throws Exception {
        // the checkpoint of a finished scan (as a run killed during its repairs leaves it), holding an item that is gone
        Path cp = finishedCheckpointWithAnOrphan(dir);
        Cli.Result r = cli.run("doctor", "--fix", "--json", "--checkpoint", cp.toString());
        assertEquals(Map.of("ORPHAN", 1), kinds(r.json().get("found")), "the first check resumed the interrupted scan");
        assertEquals(Map.of("DUPLICATE_EMAIL", 1, "PASSKEY_WITHOUT_ACCOUNT", 1, "UNKNOWN_SHAPE", 1),
                kinds(r.json().get("remaining")), r::toString);
        assertFalse(Files.exists(cp));
    }

    @Test
    void dynauthsOwnItemsAreKnownShapes() {
        Cli own = new Cli();
        own.createTableWithoutTtl();
        java.time.Clock now = java.time.Clock.systemUTC();
        var limiter = new dev.dynauth.spring.magiclink.DynamoDbRateLimiter(Cli.client(), own.options(), now, 5, java.time.Duration.ofMinutes(10));
        assertTrue(limiter.tryAcquire("ada@example.com"));
        assertTrue(limiter.tryAcquire("203.0.113.7"));
        var passed = new dev.dynauth.spring.magiclink.DynamoDbRateLimiter(Cli.client(), own.options(),
                java.time.Clock.offset(now, java.time.Duration.ofHours(-2)), 5, java.time.Duration.ofMinutes(10));
        assertTrue(passed.tryAcquire("ada@example.com"));
        var used = new dev.dynauth.spring.oauth2.DynamoDbSingleUse(Cli.client(), own.options());
        assertTrue(used.firstUse("oauth-state-000000000000", Instant.now().plusSeconds(600)));
        new DevMailbox(Cli.client(), own.options()).send(new dev.dynauth.spring.magiclink.MagicLink("ada@example.com",
                "http://localhost/api/auth/callback/email?token=secret", Instant.now().plusSeconds(600)));
        assertEquals(5, own.count());

        Cli.Result r = own.run("doctor", "--json");
        assertEquals(Map.of("EXPIRED", 1), kinds(r.json().get("found")), "only the passed window, as a token would be: " + r);
        Cli.Result fixed = own.run("doctor", "--fix");
        assertEquals(0, fixed.code(), fixed::toString);
        assertEquals(4, own.count(), "the passed counter deleted, the live items kept");
        assertEquals(0, own.run("doctor").code());
    }

    @Test
    void theReportNamesTheEmailsAMergeDropsBeforeItRuns() {
        Cli two = InterruptedMergeTest.twoUsersSharingOnlyAnAccount("k1", "kept@example.com", "k2", "other@example.com");
        Cli.Result report = two.run("doctor");
        assertTrue(report.out().contains("a merge would keep user k1 (kept@example.com), merge k2; drops the email "
                + "other@example.com: it will sign in to no one"), report::toString);
        JsonNode plan = two.run("doctor", "--json").json().get("merges").get(0);
        assertEquals("other@example.com", plan.get("droppedEmails").get(0).asText());
        Cli.Result merged = two.run("doctor", "--fix", "--merge-duplicates");
        assertEquals(0, merged.code(), merged::toString);
        assertTrue(merged.out().startsWith("merging: keep user k1 (kept@example.com), merge k2; drops the email other@example.com"),
                merged::toString);
    }
}
