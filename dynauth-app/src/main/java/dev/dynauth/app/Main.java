package dev.dynauth.app;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

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

    final Map<String, String> env;
    final boolean interactive;
    /** Tests only: opens the store instead of the connection options. */
    final Function<ConnectionOptions, Store> storeOverride;

    @Spec
    CommandSpec spec;

    /** Standard input, for confirmations and tokens read with '-'; tests replace it. */
    java.io.BufferedReader input;

    /** One line of standard input, or null at its end. */
    String readLine() throws java.io.IOException {
        if (input == null) {
            input = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return input.readLine();
    }

    Main(Map<String, String> env, boolean interactive, Function<ConnectionOptions, Store> storeOverride) {
        this.env = env;
        this.interactive = interactive;
        this.storeOverride = storeOverride;
    }

    public static void main(String[] args) {
        setUpProcess();
        int code = new Main(System.getenv(), System.console() != null, null)
                .execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (code != 0 || !ServeCommand.serving()) {
            System.exit(code);
        }
    }

    /** Before the first logger: only warnings, to standard error (serve then logs as a Spring Boot app). */
    static void setUpProcess() {
        System.setProperty("logback.configurationFile", "dynauth-cli-logback.xml");
        System.setProperty("ddb.local.telemetry", "false");
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Store open(ConnectionOptions c, String command, boolean mayCreate) {
        return storeOverride != null ? storeOverride.apply(c) : c.open(env, command, mayCreate);
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
            String m = unknown != null ? unknown : firstLine(ex.getMessage());
            // picocli's messages can start with "Error: "; ours already start with "dynauth: "
            m = m.replaceFirst("^Error: ", "");
            err.println("dynauth: " + m + (m.endsWith("?") ? "" : " (see '" + c.getCommandSpec().qualifiedName() + " --help')"));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("dynauth: " + message(ex));
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
    CommandLine commandLine(String[] args) {
        String named = args == null ? null : named(args);
        CommandLine cl = new CommandLine(this);
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

    /** One line that says what went wrong, never a token. */
    static String message(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        if (ex instanceof ResourceNotFoundException) {
            return "the table does not exist (create it with: dynauth table create)";
        }
        if (ex instanceof DynamoDbException d) {
            String m = d.awsErrorDetails() != null ? d.awsErrorDetails().errorMessage() : d.getMessage();
            String code = d.awsErrorDetails() != null ? d.awsErrorDetails().errorCode() : null;
            return "DynamoDB refused the request" + (code != null ? " (" + code + ")" : "") + ": " + firstLine(m);
        }
        if (ex instanceof SdkClientException) {
            return "cannot use DynamoDB: " + firstLine(ex.getMessage());
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m))
                + " (run with --verbose for details)";
    }

    /**
     * The first line of a message (never the rest, where stack-like details go). Here rather than beside the
     * JSON code: a usage error must not pay for building Jackson's mapper.
     */
    static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dynauth " + (v == null ? "development build" : v)};
        }
    }
}
