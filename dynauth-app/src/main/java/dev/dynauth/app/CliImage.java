package dev.dynauth.app;

import dev.dynauth.app.command.CommandContext;
import dev.dynauth.local.DynamoDbLocalServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code ./dynauth} does once per build so that admin commands start quickly: the JVM's class data
 * sharing archive (AppCDS) of the classes they load, which spares parsing and verifying about 6,000
 * classes at each start. Not part of the API; run by the launcher only.
 *
 * <ul>
 *   <li>{@code strip <lib dir>}: removes the {@code Class-Path} attribute from the extracted copies of the
 *       libraries. DynamoDB Local's names "." and its own lib folder, which do not exist in this layout;
 *       JDK 17 refuses an archive whose class path contains a non-empty directory.</li>
 *   <li>{@code train}: runs, in this one JVM, what admin commands do (help and usage errors, a table on an
 *       embedded data directory, the same over HTTP to a loopback DynamoDB Local as with a running
 *       {@code serve}), for {@code -XX:ArchiveClassesAtExit} (JDK 17) or {@code -XX:AOTCacheOutput} (JDK 25).
 *       Its output is discarded.</li>
 *   <li>{@code train-serve}: the same for {@code serve}: starts it against a DynamoDB Local in this JVM (its
 *       classes are those of the embedded store too), requests its pages, the Auth.js endpoints and a
 *       magic link as a browser would, and exits.</li>
 *   <li>{@code train-serve-endpoint}: the same for {@code serve} against a DynamoDB endpoint, with DynamoDB Local
 *       in a JVM of its own ({@code dynamodb-local}): JDK 25 loads every class of a cache at start, and DynamoDB
 *       Local's ~2,100 (its server, SQLite, PartiQL, a second Jackson) cost such a serve 20-33 MB of memory
 *       and their loading time for nothing.</li>
 *   <li>{@code dynamodb-local}: DynamoDB Local in memory on a free loopback port; prints its endpoint on a line
 *       of its own after DynamoDB Local's logging ({@link #ENDPOINT_LINE}) and stops when its standard input
 *       ends.</li>
 * </ul>
 */
public final class CliImage {
    /** What {@code dynamodb-local} prints its endpoint after. */
    static final String ENDPOINT_LINE = "dynamodb-local endpoint: ";
    private CliImage() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("strip")) {
            strip(Path.of(args[1]));
        } else if (args.length == 1 && args[0].equals("dynamodb-local")) {
            try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().inMemory().start()) {
                // after whatever DynamoDB Local's server logged on standard output
                System.out.println(ENDPOINT_LINE + server.endpoint());
                System.out.flush();
                System.in.transferTo(OutputStream.nullOutputStream());
            }
            System.exit(0);
        } else if (args.length == 1 && List.of("train", "train-serve", "train-serve-endpoint").contains(args[0])) {
            switch (args[0]) {
                case "train" -> train();
                case "train-serve" -> trainServe(false);
                default -> trainServe(true);
            }
            // the archive is written at exit: end even if a library left a thread running (serve's Tomcat)
            System.exit(0);
        } else {
            System.err.println("usage: CliImage strip <lib dir> | train | train-serve | train-serve-endpoint | dynamodb-local");
            System.exit(2);
        }
    }

    static void strip(Path lib) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
            for (Path jar : jars) {
                stripClassPath(jar);
            }
        }
    }

    /** Rewrites the jar without a Class-Path attribute, when it has one; the entries are copied as they are. */
    static boolean stripClassPath(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            Manifest manifest = in.getManifest();
            if (manifest == null || manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH) == null) {
                return false;
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    static void train() throws IOException {
        Main.setUpProcess();
        Path work = Files.createTempDirectory("dynauth-cds");
        Map<String, String> env = Map.of("DDB_LOCAL_TELEMETRY", "0");
        try {
            run(env, "--help");
            run(env, "--version");
            run(env, "users", "lst");
            run(env, "users", "list", "--help");
            String data = work.resolve("data").toString();
            run(env, "users", "list", "--data-dir", data);
            run(env, "table", "create", "--data-dir", data);
            run(env, "users", "list", "--data-dir", data);
            run(env, "users", "list", "--json", "--data-dir", data);
            run(env, "sessions", "list", "nobody@example.com", "--data-dir", data);
            try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().inMemory().start()) {
                String endpoint = server.endpoint().toString();
                for (List<String> command : List.of(List.of("table", "create"), List.of("table", "verify"),
                        List.of("users", "list"), List.of("users", "list", "--json"),
                        List.of("users", "show", "nobody@example.com"), List.of("purge-expired", "--yes"))) {
                    String[] a = Stream.concat(command.stream(), Stream.of("--endpoint", endpoint)).toArray(String[]::new);
                    run(env, a);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Trains serve against a DynamoDB Local in this JVM, or in a JVM of its own ({@code apart}). */
    static void trainServe(boolean apart) throws Exception {
        Main.setUpProcess();
        CookieHandler.setDefault(new CookieManager());
        if (!apart) {
            try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().inMemory().start()) {
                trainServe(server.endpoint());
            }
            return;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process local = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), CliImage.class.getName(), "dynamodb-local")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith(ENDPOINT_LINE)) {
                // DynamoDB Local's own logging
            }
            if (line == null) {
                throw new IllegalStateException("DynamoDB Local did not start: " + local.waitFor());
            }
            // the rest of its output is read and dropped, so that its logging never fills the pipe and blocks it
            Thread drain = new Thread(() -> {
                try {
                    lines.transferTo(Writer.nullWriter());
                } catch (IOException ended) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            trainServe(URI.create(line.substring(ENDPOINT_LINE.length())));
        } finally {
            local.getOutputStream().close();
            if (!local.waitFor(30, TimeUnit.SECONDS)) {
                local.destroyForcibly();
            }
        }
    }

    private static void trainServe(URI endpoint) throws Exception {
        Map<String, String> env = Map.of("DDB_LOCAL_TELEMETRY", "0");
        StringWriter out = new StringWriter();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        int code = new Main(CommandContext.of(env, false, null, null)).execute(new PrintWriter(out), nowhere, "serve", "--endpoint",
                endpoint.toString(), "--create-table", "--secret", "training only", "--port", "0");
        Matcher port = Pattern.compile("serving http://localhost:(\\d+)/").matcher(out.toString());
        if (code != 0 || !port.find()) {
            throw new IllegalStateException("serve did not start: " + code);
        }
        String base = "http://127.0.0.1:" + port.group(1);
        // a few rounds: the ahead-of-time cache also keeps the method profiles of what ran often
        for (int round = 0; round < 20; round++) {
            for (String path : List.of("/health", "/", "/api/auth/signin", "/api/auth/providers", "/api/auth/session",
                    "/dev/mailbox", "/account", "/no-such-page")) {
                request(base + path, null);
            }
            // a magic link asked for as the sign-in page's form does (it then waits in the development mailbox)
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(request(base + "/api/auth/signin", null));
            if (csrf.find()) {
                request(base + "/api/auth/signin/email", "email=training" + round + "%40example.com&callbackUrl=%2Faccount&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
            }
        }
    }

    /** GET, or POST of a form when {@code form} is not null; the body, also of an error, or "" when none came. */
    private static String request(String url, String form) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setInstanceFollowRedirects(false);
            if (form != null) {
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                c.getOutputStream().write(form.getBytes(StandardCharsets.UTF_8));
            }
            InputStream body = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream();
            return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void run(Map<String, String> env, String... args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        try {
            new Main(CommandContext.of(env, false, null, null)).execute(nowhere, nowhere, args);
        } catch (RuntimeException e) {
            // training only: what a command does on failure is as good a sample as what it does on success
        }
    }
}
