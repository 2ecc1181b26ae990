package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.TableChecker;
import dev.dynauth.TableReport;
import dev.dynauth.TableRepair;
import dev.dynauth.app.command.DoctorCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code doctor --fix --merge-duplicates} killed at any write of a merge is completed by the next run. The case is
 * the hardest one: two users with different emails joined only by one GitHub account both hold (the npm adapter's
 * unconditional linkAccount); the merged one also has a session. Killed before or after each write, the next
 * {@code dynauth doctor --fix --merge-duplicates} leaves one user with the account, the session and both claims,
 * and a clean table.
 */
class InterruptedMergeTest {
    static final String TOKEN = "session-token-of-the-merged-user-0000000";

    /** Two users with different emails that the npm adapter's linkAccount gave one GitHub account. */
    static Cli twoUsersSharingOnlyAnAccount(String kept, String keptEmail, String merged, String mergedEmail) {
        Cli cli = new Cli();
        cli.createTableWithoutTtl();
        cli.user(kept, keptEmail, "Kept");
        cli.user(merged, mergedEmail, "Merged");
        cli.account(kept, "github", "shared", "gho_one");
        cli.account(merged, "github", "shared", "gho_two");
        return cli;
    }

    static Cli seeded() {
        Cli cli = twoUsersSharingOnlyAnAccount("u1", "first@example.com", "u2", "second@example.com");
        cli.session("u2", TOKEN, Instant.now().plusSeconds(86_400).getEpochSecond());
        return cli;
    }

    /** What DoctorCommand runs: check, repair, check again, a few passes. */
    static void doctorFix(DynamoDbClient client, Cli cli) {
        TableChecker checker = TableChecker.builder(client).options(cli.options()).segments(1).build();
        TableRepair repair = TableRepair.builder(client).options(cli.options()).mergeDuplicates(true).build();
        TableReport report = checker.check();
        for (int pass = 0; pass < 4 && !report.clean(); pass++) {
            TableRepair.Result r = repair.fix(report);
            assertEquals(List.of(), r.failures());
            report = checker.check();
        }
    }

    @Test
    void theFirstWriteRecordsTheMergeSoTheSharedAccountIsNeverTheOnlyLink() {
        Cli cli = seeded();
        List<String> writes = new ArrayList<>();
        // killed right after the write that removes the merged user's copy of the shared account (the second)
        assertThrows(KillPoint.Killed.class, () -> doctorFix(KillPoint.at(Cli.client(), 1, true, writes), cli));
        assertNull(cli.get("USER#u2", "ACCOUNT#github#shared"), "the only link between the users is gone: " + writes);
        Cli.Result check = cli.run("doctor", "--json");
        assertEquals(DoctorCommand.VIOLATIONS_EXIT, check.code(), check::toString);
        assertTrue(check.out().contains("UNFINISHED_MERGE"), check::toString);
        assertCompletedByTheNextRun(cli, "after the account moved");
    }

    @TestFactory
    Stream<DynamicTest> aKillAtAnyWriteIsCompletedByTheNextRun() {
        List<String> all = new ArrayList<>();
        doctorFix(KillPoint.at(Cli.client(), -1, false, all), seeded());
        assertTrue(all.size() >= 5, "intent, account, session, user, intent again, claims: " + all);
        List<DynamicTest> tests = new ArrayList<>();
        for (int write = 0; write < all.size(); write++) {
            for (boolean after : new boolean[] {false, true}) {
                int at = write;
                String name = "killed " + (after ? "after" : "before") + " write " + at + " (" + all.get(at) + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Cli cli = seeded();
                    List<String> writes = new ArrayList<>();
                    assertThrows(KillPoint.Killed.class, () -> doctorFix(KillPoint.at(Cli.client(), at, after, writes), cli));
                    assertCompletedByTheNextRun(cli, name);
                }));
            }
        }
        return tests.stream();
    }

    static void assertCompletedByTheNextRun(Cli cli, String what) {
        Cli.Result next = cli.run("doctor", "--fix", "--merge-duplicates", "--json");
        assertEquals(0, next.code(), what + ": " + next);
        assertNotNull(cli.get("USER#u1", "USER#u1"), what);
        assertNull(cli.get("USER#u2", "USER#u2"), what + ": merged away");
        assertEquals("gho_one", cli.get("USER#u1", "ACCOUNT#github#shared").get("access_token").s(), what);
        Map<String, AttributeValue> session = cli.get("USER#u1", "SESSION#" + TOKEN);
        assertNotNull(session, what + ": the session moved");
        assertEquals("u1", session.get("userId").s(), what);
        assertEquals("u1", cli.get("UNIQUE#ACCOUNT#github#shared", "UNIQUE#ACCOUNT#github#shared").get("userId").s(), what);
        assertEquals("u1", cli.get("UNIQUE#EMAIL#first@example.com", "UNIQUE#EMAIL#first@example.com").get("userId").s(), what);
        assertNull(cli.get("UNIQUE#EMAIL#second@example.com", "UNIQUE#EMAIL#second@example.com"), what + ": dropped email released");
        assertNull(cli.get("MERGE#u2", "MERGE#u2"), what + ": no merge left recorded");
        assertEquals(5, cli.count(), what + ": user, account, session and their two claims: " + next);
        Cli.Result clean = cli.run("doctor", "--json");
        assertEquals(0, clean.code(), what + ": " + clean);
    }
}
