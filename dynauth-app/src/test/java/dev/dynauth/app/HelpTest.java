package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.app.command.CommandContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {
    final Cli cli = new Cli();

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new Main(CommandContext.of(Map.of(), false, null, null)).commandLine(null), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 16, "all commands found: " + paths);
        for (List<String> p : paths) {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            Cli.Result r = cli.runRaw(args.toArray(String[]::new));
            assertEquals(0, r.code(), p + ": " + r);
            assertTrue(r.out().contains("Usage: dynauth"), p + ": " + r);
            if (!p.isEmpty() && !p.get(0).equals("help")) {
                assertTrue(r.out().contains("--help"), p + ": " + r);
            }
        }
    }

    @Test
    void leafCommandsShareTheConnectionOptionsAndJson() {
        for (String[] p : new String[][] {{"users", "list"}, {"sessions", "revoke"}, {"purge-expired"}, {"export"},
                {"import"}, {"table", "verify"}, {"serve"}, {"doctor"}}) {
            String[] args = java.util.Arrays.copyOf(p, p.length + 1);
            args[p.length] = "--help";
            Cli.Result r = cli.runRaw(args);
            for (String o : List.of("--region", "--endpoint", "--table", "--data-dir", "--in-memory", "--json",
                    "--verbose", "--index-sort-key")) {
                assertTrue(r.out().contains(o), String.join(" ", p) + " lacks " + o);
            }
        }
    }

    @Test
    void theCommandsNotNamedAreOutlinedWithTheSameUsage() {
        Main main = new Main(CommandContext.of(Map.of(), false, null, null));
        String full = main.commandLine(null).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertEquals(full, main.commandLine(new String[] {"--help"}).getUsageMessage(CommandLine.Help.Ansi.OFF));
        assertEquals(full, main.commandLine(new String[] {"users", "lst"}).getUsageMessage(CommandLine.Help.Ansi.OFF));
        // the named command, and only it, is built in full
        CommandLine users = main.commandLine(new String[] {"users", "list"});
        assertEquals(3, users.getSubcommands().get("users").getSubcommands().size(), "users list, show, delete");
        assertTrue(users.getSubcommands().get("table").getSubcommands().isEmpty(), "table is an outline");
        CommandLine help = main.commandLine(new String[] {"help", "table"});
        assertEquals(4, help.getSubcommands().get("table").getSubcommands().size(), "help names table");
    }

    @Test
    void noArgumentsPrintsUsage() {
        Cli.Result r = cli.runRaw();
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Commands:") && r.out().contains("purge-expired"), r::toString);
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(prefix);
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            collect(e.getValue(), p, out);
        }
    }
}
