package dev.dynauth.app.command;

import dev.dynauth.app.store.ConnectionOptions;
import dev.dynauth.app.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * What a command gets from the process that runs it, and nothing else: the environment, whether a person is at the
 * terminal, standard input (confirmations, tokens read with {@code -}) and the way to open the table. {@code Main}
 * makes one per run and hands it to every command it creates; tests make their own (a shared DynamoDB Local, a
 * given input).
 */
public final class CommandContext {

    /** Opens the store for a command's connection options. */
    @FunctionalInterface
    public interface StoreAccess {
        Store open(ConnectionOptions connection, String command, boolean mayCreate);
    }

    private final Map<String, String> env;
    private final boolean interactive;
    private final StoreAccess stores;
    private final boolean ownStores;
    private final Supplier<BufferedReader> openInput;
    private BufferedReader input;

    private CommandContext(Map<String, String> env, boolean interactive, StoreAccess stores, boolean ownStores,
                           Supplier<BufferedReader> openInput) {
        this.env = Objects.requireNonNull(env);
        this.interactive = interactive;
        this.stores = stores;
        this.ownStores = ownStores;
        this.openInput = openInput;
    }

    /** This process: its environment and console, standard input, and the store the connection options name. */
    public static CommandContext ofProcess() {
        return of(System.getenv(), System.console() != null, null, null);
    }

    /**
     * A context of one's own: {@code stores} null opens the store the connection options name (as the process
     * does), {@code input} null reads standard input.
     */
    public static CommandContext of(Map<String, String> env, boolean interactive, StoreAccess stores, BufferedReader input) {
        StoreAccess own = (c, command, mayCreate) -> c.open(env, command, mayCreate);
        return new CommandContext(env, interactive, stores != null ? stores : own, stores == null,
                input != null ? () -> input
                        : () -> new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    /** The environment the process started with. */
    public Map<String, String> env() {
        return env;
    }

    /** True when a person is at the terminal: progress bars, and questions instead of refusals. */
    public boolean interactive() {
        return interactive;
    }

    /** Opens the table for these connection options; only commands that make a table may create a database. */
    public Store open(ConnectionOptions connection, String command, boolean mayCreate) {
        return stores.open(connection, command, mayCreate);
    }

    /** False when the stores come from elsewhere (a test's): then serve opens them like any command. */
    boolean opensOwnStores() {
        return ownStores;
    }

    /** Creates the commands of a command line (picocli's way), each with this context. */
    public CommandLine.IFactory commandFactory() {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K created = defaults.create(type);
                if (created instanceof StoreCommand command) {
                    command.context = CommandContext.this;
                }
                return created;
            }
        };
    }

    /** One line of standard input, or null at its end. */
    public String readLine() throws IOException {
        if (input == null) {
            input = openInput.get();
        }
        return input.readLine();
    }
}
