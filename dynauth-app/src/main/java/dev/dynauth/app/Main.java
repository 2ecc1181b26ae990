package dev.dynauth.app;

import dev.dynauth.app.command.CommandContext;
import dev.dynauth.app.command.DoctorCommand;
import dev.dynauth.app.command.ExportCommand;
import dev.dynauth.app.command.ImportCommand;
import dev.dynauth.app.command.LocalCommand;
import dev.dynauth.app.command.PurgeExpiredCommand;
import dev.dynauth.app.command.ServeCommand;
import dev.dynauth.app.command.SessionsCommand;
import dev.dynauth.app.command.Suggestions;
import dev.dynauth.app.command.TableCommand;
import dev.dynauth.app.command.UsersCommand;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.Failures;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code dynauth} executable: {@code serve}, and admin commands for the Auth.js table. */
@Command(name = "dynauth", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Sign-in server and admin tool for the Auth.js DynamoDB table.%n"
                + "Without --region, --endpoint or AWS settings in the environment, the table lives in an "
                + "embedded DynamoDB Local under ./.dynauth/data.")
public final class Main implements Runnable {

    /** The commands, in the order the usage lists them ({@code help} comes last). */
    static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, LocalCommand.class, TableCommand.class, UsersCommand.class,
            SessionsCommand.class, PurgeExpiredCommand.class, ExportCommand.class, ImportCommand.class,
            DoctorCommand.class);

    /** What the commands get from this run. */
    private final CommandContext context;

    @Spec
    CommandSpec spec;

    public Main(CommandContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        setUpProcess();
        int code = new Main(CommandContext.ofProcess())
                .execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (code != 0 || !ServeCommand.serving()) {
            System.exit(code);
        }
    }

    /** Before the first logger: only warnings, to standard error (serve then logs as a Spring Boot app). */
    static void setUpProcess() {
        System.setProperty(CliLogging.SWITCH, "true");
        System.setProperty("ddb.local.telemetry", "false");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            String unknown = ex instanceof CommandLine.UnmatchedArgumentException u ? Suggestions.unknown(u) : null;
            String m = unknown != null ? unknown : Failures.firstLine(ex.getMessage());
            // picocli's messages can start with "Error: "; ours already start with "dynauth: "
            m = m.replaceFirst("^Error: ", "");
            err.println("dynauth: " + m + (m.endsWith("?") ? "" : " (see '" + c.getCommandSpec().qualifiedName() + " --help')"));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("dynauth: " + Failures.message(ex));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return ex instanceof CliException ce ? ce.exitCode() : 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line for these arguments, or with every command in full when {@code args} is null. Only the
     * command the arguments name is built in full: picocli reads every option of a command and of its
     * subcommands, a tenth of a second for all of them, which {@code --help} and a usage error would pay
     * for nothing. The others are a name and a description, all the usage and "did you mean" need.
     */
    public CommandLine commandLine(String[] args) {
        String named = args == null ? null : named(args);
        CommandLine cl = new CommandLine(this, context.commandFactory());
        for (Class<?> c : COMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (args == null || a.name().equals(named)) {
                cl.addSubcommand(a.name(), c);
            } else {
                CommandSpec outline = CommandSpec.create().name(a.name());
                outline.usageMessage().description(a.description());
                cl.addSubcommand(a.name(), outline);
            }
        }
        cl.addSubcommand("help", CommandLine.HelpCommand.class);
        return cl;
    }

    /** The command the arguments name: the first that is not an option ({@code help}'s: the one after it). */
    private static String named(String[] args) {
        String first = null;
        for (String a : args) {
            if (a.startsWith("-")) continue;
            if (first == null && a.equals("help")) {
                first = a;
                continue;
            }
            return a;
        }
        return first;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dynauth " + (v == null ? "development build" : v)};
        }
    }
}
