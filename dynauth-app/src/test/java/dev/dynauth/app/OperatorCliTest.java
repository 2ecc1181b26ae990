package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator expects it (issue 10): confirmations, tokens, typos, warnings, exit codes. */
class OperatorCliTest {
    static final String TOKEN = "5d1c7a2e-aaaa-4bbb-8ccc-0123456789ab";
    final Cli cli = new Cli();
    @TempDir
    Path tmp;

    @BeforeEach
    void seed() {
        cli.createTableWithoutTtl();
        cli.user("u1", "ada@example.com", "Ada");
        cli.session("u1", TOKEN, Instant.now().plusSeconds(86400).getEpochSecond());
    }

    @Test
    void usersDeleteAsksOnATerminalAndNeedsYesElsewhere() {
        Cli.Result noTerminal = cli.run("users", "delete", "u1");
        assertEquals(2, noTerminal.code(), noTerminal::toString);
        assertTrue(noTerminal.err().startsWith("dynauth: users delete removes user u1 <ada@example.com> with 1 sessions"),
                noTerminal::toString);
        assertTrue(noTerminal.err().contains("add --yes"), noTerminal::toString);
        assertNotNull(cli.get("USER#u1", "USER#u1"), "nothing deleted");

        cli.interactive = true;
        cli.stdin = "n\n";
        Cli.Result declined = cli.run("users", "delete", "u1");
        assertEquals(1, declined.code(), declined::toString);
        assertTrue(declined.err().contains("? This cannot be undone. [y/N] dynauth: nothing deleted"), declined::toString);
        assertNotNull(cli.get("USER#u1", "USER#u1"), "nothing deleted");

        cli.stdin = "y\n";
        Cli.Result confirmed = cli.run("users", "delete", "u1");
        assertEquals(0, confirmed.code(), confirmed::toString);
        assertNull(cli.get("USER#u1", "USER#u1"));
    }

    @Test
    void aShortenedTokenFromSessionsListGetsAHint() {
        Cli.Result list = cli.run("sessions", "list", "u1", "--json");
        String shown = list.json().get(0).path("sessionToken").asString();
        assertFalse(shown.equals(TOKEN), "--json without --show-tokens shortens: " + shown);
        Cli.Result revoke = cli.run("sessions", "revoke", shown);
        assertEquals(2, revoke.code(), revoke::toString);
        assertTrue(revoke.err().contains("is a shortened token as 'sessions list' shows it")
                && revoke.err().contains("--show-tokens"), revoke::toString);
        assertNotNull(cli.get("USER#u1", "SESSION#" + TOKEN), "not revoked");

        String full = cli.run("sessions", "list", "u1", "--json", "--show-tokens").json().get(0).path("sessionToken").asString();
        assertEquals(TOKEN, full);
        cli.stdin = full + "\n";
        Cli.Result fromStdin = cli.run("sessions", "revoke", "-");
        assertEquals(0, fromStdin.code(), fromStdin::toString);
        assertNull(cli.get("USER#u1", "SESSION#" + TOKEN));
    }

    @Test
    void unknownCommandsAndOptionsGetADidYouMean() {
        Cli.Result sub = cli.runRaw("users", "lst");
        assertEquals(2, sub.code(), sub::toString);
        assertEquals("dynauth: unknown command 'users lst'; did you mean 'users list'?", sub.err().strip());
        Cli.Result top = cli.runRaw("purge-expird");
        assertEquals(2, top.code(), top::toString);
        assertEquals("dynauth: unknown command 'purge-expird'; did you mean 'purge-expired'?", top.err().strip());
        Cli.Result option = cli.runRaw("users", "list", "--jsn");
        assertEquals(2, option.code(), option::toString);
        assertEquals("dynauth: unknown option '--jsn'; did you mean '--json'?", option.err().strip());
        Cli.Result nothingClose = cli.runRaw("frobnicate");
        assertEquals(2, nothingClose.code(), nothingClose::toString);
        assertEquals("dynauth: unknown command 'frobnicate' (see 'dynauth --help')", nothingClose.err().strip());
    }

    @Test
    void errorsAreOneLineWithoutADoubledError() {
        for (String[] args : new String[][] {{"users", "show"}, {"users", "list", "--limit", "x"}, {"import"},
                {"sessions", "revoke"}, {"users", "lst"}, {"nope"}}) {
            Cli.Result r = cli.runRaw(args);
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().startsWith("dynauth: ") && !r.err().toLowerCase().contains("error:"), r::toString);
            assertEquals(1, r.err().strip().lines().count(), r::toString);
        }
    }

    @Test
    void importFromALinePastTheEndWarns() throws Exception {
        Path file = tmp.resolve("one.jsonl");
        Files.writeString(file, "{\"Item\":{\"pk\":{\"S\":\"USER#x\"},\"sk\":{\"S\":\"USER#x\"},\"type\":{\"S\":\"USER\"},"
                + "\"id\":{\"S\":\"x\"}}}\n");
        Cli.Result r = cli.run("import", file.toString(), "--from-line", "5");
        assertEquals(0, r.code(), r::toString);
        assertEquals("dynauth: warning: --from-line 5 is past the end of " + file
                + " (its last item is on line 1); nothing to import", r.err().strip());
        assertNull(cli.get("USER#x", "USER#x"));
    }
}
