package dev.dynauth.app.command;

import picocli.CommandLine.Option;

/** {@code --json} and {@code --verbose}, shared by every command. */
final class OutputOptions {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
