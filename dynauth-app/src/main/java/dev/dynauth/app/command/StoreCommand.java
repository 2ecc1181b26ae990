package dev.dynauth.app.command;

import dev.dynauth.app.store.ConnectionOptions;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command on the table: connection options, {@code --json}, {@code --verbose}. */
public abstract class StoreCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** What the command gets from the run: given by the factory that creates it ({@link CommandContext#commandFactory}). */
    CommandContext context;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return output.json;
    }

    Store open() {
        return context.open(connection, commandName(), createsDatabase());
    }

    /** "users list": the command as typed, for the data directory's lock file. */
    String commandName() {
        return spec.qualifiedName().replaceFirst("^dynauth ", "");
    }

    /** Only commands that make a table may create an embedded database; reading one never does. */
    boolean createsDatabase() {
        return false;
    }

    /** Opens the connection and checks that the table exists; a missing table is the command's error. */
    Store openTable() {
        Store store = open();
        try {
            store.admin().require();
            return store;
        } catch (RuntimeException e) {
            try {
                store.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    boolean interactive() {
        return context.interactive();
    }

    void printJson(JsonNode node) {
        out().println(DynamoJson.MAPPER.writeValueAsString(node));
        out().flush();
    }

    /** A listing's output: the JSON with {@code --json}, else the table and a summary line. Returns the exit code 0. */
    int printListing(JsonNode json, TextTable table, String summary) {
        if (json()) {
            printJson(json);
        } else {
            table.print(out());
            out().println(summary);
            out().flush();
        }
        return 0;
    }

    /** For a token in human output: enough to recognise it, not enough to use it. */
    static String mask(String token) {
        if (token == null) return null;
        if (token.length() <= 8) return "…";
        return token.substring(0, 4) + "…" + token.substring(token.length() - 2);
    }
}
