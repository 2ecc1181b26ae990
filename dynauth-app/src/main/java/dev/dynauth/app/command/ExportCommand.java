package dev.dynauth.app.command;

import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Progress;
import dev.dynauth.app.store.Store;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write every item of the table to a JSON lines file.",
                "One {\"Item\": {...}} per line in DynamoDB JSON, lossless for every attribute type. The file holds "
                        + "session tokens: it is created readable by its owner only."})
public final class ExportCommand extends StoreCommand {
    @Parameters(paramLabel = "<file>", description = "The file to write ('-' for standard output).")
    String file;

    @Override
    public Integer call() throws IOException {
        try (Store store = open()) {
            var desc = store.admin().require();
            long estimate = desc.itemCount() == null ? 0 : desc.itemCount();
            long count = 0;
            boolean toStdout = "-".equals(file);
            Path target = toStdout ? null : Path.of(file);
            Path tmp = null;
            Writer w;
            if (toStdout) {
                w = out();
            } else {
                Path dir = target.toAbsolutePath().getParent();
                if (dir != null && !Files.isDirectory(dir)) {
                    throw new CliException("cannot write " + file + ": the folder " + dir + " does not exist");
                }
                tmp = Files.createTempFile(dir, ".dynauth-export", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
                w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8));
            }
            try (Progress p = new Progress(err(), interactive() && !toStdout, "exporting", estimate);
                 Stream<Map<String, AttributeValue>> all = store.items().all()) {
                var it = all.iterator();
                while (it.hasNext()) {
                    w.write(DynamoJson.line(it.next()));
                    w.write('\n');
                    count++;
                    p.add(1);
                }
                w.flush();
                if (!toStdout) {
                    w.close();
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    tmp = null;
                }
            } finally {
                if (tmp != null) {
                    try { w.close(); } catch (IOException ignored) { }
                    Files.deleteIfExists(tmp);
                }
            }
            if (toStdout) return 0;
            if (json()) {
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.put("file", file).put("items", count).put("table", store.options().tableName());
                printJson(n);
            } else {
                out().println("exported " + count + " items of table '" + store.options().tableName() + "' to " + file);
                out().flush();
            }
            return 0;
        }
    }
}
