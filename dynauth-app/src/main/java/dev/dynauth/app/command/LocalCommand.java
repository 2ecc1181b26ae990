package dev.dynauth.app.command;

import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DataDir;
import dev.dynauth.app.store.DataDirAccess;
import dev.dynauth.app.store.DevDynamoDb;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run the embedded DynamoDB Local for apps on this machine (a Next.js app and a Spring service "
                + "on one table): on 127.0.0.1, a fixed port, keys kept in --data-dir; creates the table; prints the "
                + "settings for both apps.",
                "Admin commands reach it while it runs; 'dynauth serve' on the same --data-dir is refused."})
public final class LocalCommand extends StoreCommand {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DevDynamoDb.DEFAULT_PORT,
            description = "DynamoDB Local's port (default: ${DEFAULT-VALUE}; env: DYNAUTH_DYNAMODB_PORT).")
    public Integer port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Only 127.0.0.1 (or localhost): a non-loopback address is refused.")
    String host;

    @Option(names = "--env-file", paramLabel = "FILE", description = "Also write the settings to FILE (mode 600), "
            + "e.g. a Next.js app's .env.local, which the Spring service can read too.")
    java.nio.file.Path envFile;

    @Override
    boolean createsDatabase() {
        return true;
    }

    @Override
    public Integer call() throws InterruptedException {
        DevDynamoDb.requireLoopback(host);
        int p = port(port, context.env().get("DYNAUTH_DYNAMODB_PORT"), spec.commandLine().getParseResult()
                .hasMatchedOption("--port"));
        if (connection.inMemory || connection.region != null || connection.endpoint != null) {
            throw new CliException("'dynauth local' keeps its data and keys in --data-dir: --in-memory, --region and "
                    + "--endpoint do not apply", 2);
        }
        DataDir dir = connection.dataDir(context.env());
        AwsBasicCredentials credentials = DevDynamoDb.credentials(dir);
        Store store = DataDirAccess.serveWithin(dir, connection.tableOptions(), DataDirAccess.WAIT, "local", p,
                credentials);
        try {
            String table = store.options().tableName();
            if (store.admin().create()) {
                err().println("dynauth: created table '" + table + "'");
            }
            java.util.List<String> problems = store.admin().verify();
            if (!problems.isEmpty()) {
                throw new CliException("table '" + table + "' is not usable: " + String.join("; ", problems));
            }
            String endpoint = store.lock().orElseThrow().owner().endpoint();
            var env = DevDynamoDb.environment(endpoint, credentials, table, DevDynamoDb.authSecret(dir));
            if (envFile != null) {
                DevDynamoDb.writeEnvFile(envFile, env);
            }
            if (json()) {
                printJson(DynamoJson.MAPPER.valueToTree(env));
            } else {
                out().println("dynauth local: DynamoDB Local on " + endpoint + ", table '" + table + "', data in " + dir);
                out().print(DevDynamoDb.settings(env));
                out().flush();
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        // runs until stopped: SIGTERM or Ctrl+C closes the database and releases the data directory
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            store.close();
            stopped.countDown();
        }, "dynauth-local-stop"));
        stopped.await();
        return 0;
    }

    /** --port, else DYNAUTH_DYNAMODB_PORT, else the default. */
    public static int port(int option, String env, boolean given) {
        int p = option;
        if (!given && env != null && !env.isBlank()) {
            try {
                p = Integer.parseInt(env.strip());
            } catch (NumberFormatException e) {
                throw new CliException("DYNAUTH_DYNAMODB_PORT is not a port: " + env, 2);
            }
        }
        if (p < 1 || p > 65535) throw new CliException("the port must be 1 to 65535, not " + p, 2);
        return p;
    }
}
