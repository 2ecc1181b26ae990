package dev.dynauth.app;

import java.io.PrintWriter;
import java.util.Arrays;
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
                + "embedded DynamoDB Local under ./.dynauth/data.",
        subcommands = {
                ServeCommand.class,
                TableCommand.class,
                UsersCommand.class,
                SessionsCommand.class,
                PurgeExpiredCommand.class,
                ExportCommand.class,
                ImportCommand.class,
                DoctorCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

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
        CommandLine cl = new CommandLine(this);
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
