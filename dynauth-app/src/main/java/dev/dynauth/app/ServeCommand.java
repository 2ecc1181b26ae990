package dev.dynauth.app;

import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the sign-in web app.")
final class ServeCommand extends StoreCommand {
    private static volatile boolean serving;

    static boolean serving() {
        return serving;
    }

    @Override
    public Integer call() {
        throw new CliException("not yet");
    }
}
