package dev.dynauth.app;

import dev.dynauth.local.DynamoDbLocalServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
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
 *       {@code serve}), for {@code -XX:ArchiveClassesAtExit}. Its output is discarded.</li>
 * </ul>
 */
public final class CliImage {
    private CliImage() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("strip")) {
            strip(Path.of(args[1]));
        } else if (args.length == 1 && args[0].equals("train")) {
            train();
            // the archive is written at exit: end even if a library left a thread running
            System.exit(0);
        } else {
            System.err.println("usage: CliImage strip <lib dir> | train");
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

    private static void run(Map<String, String> env, String... args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        try {
            new Main(env, false, null).execute(nowhere, nowhere, args);
        } catch (RuntimeException e) {
            // training only: what a command does on failure is as good a sample as what it does on success
        }
    }
}
