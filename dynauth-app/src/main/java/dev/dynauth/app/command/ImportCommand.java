package dev.dynauth.app.command;

import dev.dynauth.TableOptions;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Failures;
import dev.dynauth.app.store.ImportRules;
import dev.dynauth.app.store.Items;
import dev.dynauth.app.store.Progress;
import dev.dynauth.app.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Put the items of a JSON lines file (from export) into the table.",
                "The whole file is checked first, against every rule DynamoDB enforces on an item (size, nesting, "
                        + "numbers, sets, key types and sizes): on a line that breaks one, nothing is imported. Importing the same "
                        + "file again is harmless, so an interrupted import is resumed by running it again (or with --from-line)."})
public final class ImportCommand extends StoreCommand {
    @Parameters(paramLabel = "<file>", description = "The file to read.")
    Path file;

    @Option(names = "--from-line", paramLabel = "N", defaultValue = "1",
            description = "Start at line N (to resume an interrupted import; the default ${DEFAULT-VALUE} imports all).")
    int fromLine;

    // 1 by default: on DynamoDB Local (one SQLite file) more writers were not faster (bench/import-timings) and
    // would only compete with the sign-ins of a serve beside the import; on AWS a batch waits on the network
    @Option(names = "--writers", paramLabel = "N", defaultValue = "1",
            description = "BatchWriteItem requests of 25 items sent at once (default: ${DEFAULT-VALUE}; more help a table on AWS, "
                    + "not DynamoDB Local).")
    int writers;

    record Line(int number, Map<String, AttributeValue> item) {}

    @Override
    public Integer call() throws IOException {
        if (fromLine < 1) throw new CliException("--from-line must be 1 or more", 2);
        if (writers < 1 || writers > 64) throw new CliException("--writers must be between 1 and 64", 2);
        List<Line> lines;
        try {
            lines = read(file);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read " + file + ": no such file");
        }
        List<Map<String, AttributeValue>> todo = new ArrayList<>();
        List<Integer> todoLines = new ArrayList<>();
        try (Store store = openTable()) {
            TableOptions o = store.options();
            for (Line l : lines) {
                // every line, also those before --from-line: a file DynamoDB would refuse in part is refused whole
                ImportRules.broken(l.item(), o).ifPresent(rule -> {
                    throw new CliException("line " + l.number() + " of " + file + ": " + rule + "; nothing was imported");
                });
                if (l.number() >= fromLine) {
                    todo.add(l.item());
                    todoLines.add(l.number());
                }
            }
            int last = lines.isEmpty() ? 0 : lines.get(lines.size() - 1).number();
            if (fromLine > 1 && todo.isEmpty()) {
                err().println("dynauth: warning: --from-line " + fromLine + " is past the end of " + file
                        + " (its last item is on line " + last + "); nothing to import");
                err().flush();
            }
            long[] written = {0};
            try (Progress p = new Progress(err(), interactive(), "importing", todo.size())) {
                store.items().putAll(todo, writers, n -> {
                    written[0] += n;
                    p.add(n);
                });
            } catch (Items.WriteFailed e) {
                // the first line not written: every line before it is in the table, whatever order the batches ran in
                int resumeAt = todoLines.get(e.firstNotWritten);
                throw new CliException(Failures.message(e.getCause()) + "; " + written[0]
                        + " items were imported, every line before line " + resumeAt + " among them: run again with "
                        + "--from-line " + resumeAt + " to go on (importing a line twice is harmless)", e);
            }
            if (json()) {
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.put("file", file.toString()).put("items", todo.size()).put("table", o.tableName());
                printJson(n);
            } else {
                out().println("imported " + todo.size() + " items into table '" + o.tableName() + "'"
                        + (fromLine > 1 ? " from line " + fromLine + " on" : ""));
                out().flush();
            }
            return 0;
        }
    }

    /** Reads and checks every line before anything is written. */
    static List<Line> read(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new InputStreamReader(Files.newInputStream(file), decoder);
             BufferedReader r = new BufferedReader(in)) {
            int n = 0;
            String line;
            while (true) {
                try {
                    line = r.readLine();
                } catch (CharacterCodingException e) {
                    throw new CliException("line " + (n + 1) + " of " + file + " is not UTF-8 text; nothing was imported");
                }
                if (line == null) break;
                n++;
                if (line.isBlank()) continue;
                try {
                    out.add(new Line(n, DynamoJson.parseLine(line)));
                } catch (DynamoJson.FormatException e) {
                    throw new CliException("line " + n + " of " + file + " is unreadable: " + e.getMessage()
                            + "; nothing was imported");
                }
            }
        }
        return out;
    }
}
