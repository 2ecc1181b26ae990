package dev.dynauth.app;

import dev.dynauth.app.command.CommandContext;
import dev.dynauth.local.DynamoDbLocalServer;
import java.io.IOException;
import java.io.InputStream;
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
 * </ul>
 */
public final class CliImage {
    private CliImage() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("strip")) {
            strip(Path.of(args[1]));
        } else if (args.length == 1 && (args[0].equals("train") || args[0].equals("train-serve"))) {
            if (args[0].equals("train")) {
                train();
            } else {
                trainServe();
            }
            // the archive is written at exit: end even if a library left a thread running (serve's Tomcat)
            System.exit(0);
        } else {
            System.err.println("usage: CliImage strip <lib dir> | train | train-serve");
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

    static void trainServe() throws Exception {
        Main.setUpProcess();
        Map<String, String> env = Map.of("DDB_LOCAL_TELEMETRY", "0");
        CookieHandler.setDefault(new CookieManager());
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().inMemory().start()) {
            StringWriter out = new StringWriter();
            PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
            int code = new Main(CommandContext.of(env, false, null, null)).execute(new PrintWriter(out), nowhere, "serve", "--endpoint",
                    server.endpoint().toString(), "--create-table", "--secret", "training only", "--port", "0");
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
