package dev.dynauth.bench;

import dev.dynauth.local.DynamoDbLocalServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How long {@code dynauth serve} takes from its start to its first 200 from {@code /health}, with and without
 * each start-up measure, on each JDK given, embedded (in memory) and against a DynamoDB endpoint. The
 * variants take turns within each run (interleaved), so a machine that gets busier slows all of them alike;
 * the report gives the median of the runs and the load average before and after. Also the CPU time the
 * process used to get there and its resident set at that moment. Run by {@code bench/startup}.
 */
public final class StartupBench {
    private StartupBench() {}

    /**
     * Auto-configurations serve's condition report (--verbose -Ddebug=true) shows matched but serve does not use: no
     * AOP, no @Async or @Scheduled, no metrics registry, no project info. (Multipart stays: the guard filter
     * answers a malformed multipart body with a 400 through it.)
     */
    static final List<String> UNUSED_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
            "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration",
            "org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration");

    /** One way to start serve: the command before "serve", and the environment it adds. */
    record Variant(String name, String jdk, List<String> command, Map<String, String> env) {}

    record Sample(double seconds, double cpuSeconds, double rssMb) {}

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Map<String, Path> jdks = new LinkedHashMap<>();
        List<String> modes = List.of("embedded", "endpoint");
        // variants whose name contains one of these (all when empty)
        List<String> only = List.of();
        // another tree's launcher and jar (e.g. the last release's), run beside this one's as "before"
        Path beforeTree = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--jdk" -> {
                    String[] kv = args[++i].split("=", 2);
                    jdks.put(kv[0], Path.of(kv[1]));
                }
                case "--modes" -> modes = List.of(args[++i].split(","));
                // '|' between names: the variants' own names hold commas
                case "--only" -> only = List.of(args[++i].split("\\|"));
                case "--before" -> beforeTree = Path.of(args[++i]).toAbsolutePath();
                case "--help", "-h" -> {
                    System.out.println("bench/startup [--runs 5] [--jdk 17=/usr/lib/jvm/java-17-openjdk-amd64 --jdk 25=...] "
                            + "[--modes embedded,endpoint] [--only 'Spring AOT (default)|no Spring AOT'] [--before DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (jdks.isEmpty()) {
            jdks.put("17", Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));
            jdks.put("25", Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        }
        Path launcher = Path.of("dynauth").toAbsolutePath();
        Path jar = Path.of("dynauth-app/target/dynauth.jar").toAbsolutePath();
        List<Variant> variants = new ArrayList<>();
        for (var jdk : jdks.entrySet()) {
            String java = jdk.getValue().resolve("bin/java").toString();
            Map<String, String> home = Map.of("JAVA_HOME", jdk.getValue().toString());
            Map<String, String> noSpringAot = with(home, "DYNAUTH_SPRING_AOT", "0");
            List<String> dynauth = List.of("bash", launcher.toString());
            // each measure on and off: the JVM's cache (JDK 25: AOT cache, JDK 17: CDS), Spring AOT, lazy initialisation,
            // fewer auto-configurations (only without Spring AOT, which fixes the set at build time)
            variants.add(new Variant("java -jar (before)", jdk.getKey(), List.of(java, "-jar", jar.toString()),
                    Map.of("DYNAUTH_SPRING_AOT", "0")));
            variants.add(new Variant("./dynauth, no cache, no Spring AOT", jdk.getKey(), dynauth, with(noSpringAot, "DYNAUTH_NO_CDS", "1")));
            variants.add(new Variant("./dynauth, no cache, Spring AOT", jdk.getKey(), dynauth, with(home, "DYNAUTH_NO_CDS", "1")));
            variants.add(new Variant("./dynauth, cache, no Spring AOT", jdk.getKey(), dynauth, noSpringAot));
            variants.add(new Variant("./dynauth, cache, no Spring AOT, fewer auto-configurations", jdk.getKey(), dynauth,
                    with(noSpringAot, "DYNAUTH_JAVA_OPTS", "-Dspring.autoconfigure.exclude=" + String.join(",", UNUSED_AUTO_CONFIGURATIONS))));
            variants.add(new Variant("./dynauth, cache, Spring AOT (default)", jdk.getKey(), dynauth, home));
            // the cache mapped where it was made instead of at the JVM's default since JDK 20, a random address whose
            // pointers are patched at each start (measured no faster: ./dynauth keeps the default on JDK 25)
            variants.add(new Variant("./dynauth, cache at a fixed address, Spring AOT", jdk.getKey(), dynauth,
                    with(home, "DYNAUTH_JAVA_OPTS", "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0")));
            variants.add(new Variant("./dynauth, cache, Spring AOT, lazy init", jdk.getKey(), dynauth,
                    with(home, "DYNAUTH_JAVA_OPTS", "-Dspring.main.lazy-initialization=true")));
            // the table's start-up work (DynamoDB Local, the table check) before Spring's start instead of beside it
            variants.add(new Variant("./dynauth, cache, Spring AOT, table opened first", jdk.getKey(), dynauth,
                    with(home, "DYNAUTH_JAVA_OPTS", "-Ddynauth.serve.open-table-first=true")));
            variants.add(new Variant("./dynauth, no cache, Spring AOT, table opened first", jdk.getKey(), dynauth,
                    with(with(home, "DYNAUTH_NO_CDS", "1"), "DYNAUTH_JAVA_OPTS", "-Ddynauth.serve.open-table-first=true")));
            if (beforeTree != null) {
                variants.add(new Variant("before: " + beforeTree.getFileName() + "/dynauth, cache, Spring AOT", jdk.getKey(),
                        List.of("bash", beforeTree.resolve("dynauth").toString()), home));
            }
        }
        List<String> wanted = only;
        variants.removeIf(v -> !wanted.isEmpty() && wanted.stream().noneMatch(w -> v.name().contains(w)));
        Path work = Files.createTempDirectory("dynauth-startup");
        try (DynamoDbLocalServer ddb = DynamoDbLocalServer.builder().inMemory().port(0).start()) {
            // the caches, unless every variant runs without
            boolean cached = variants.stream().anyMatch(v -> !v.name().contains("no cache"));
            for (var jdk : jdks.entrySet()) {
                if (!cached) continue;
                train(launcher, Map.of("JAVA_HOME", jdk.getValue().toString()), work, List.of(List.of("--in-memory"), endpointArgs(ddb)));
                if (beforeTree != null) {
                    train(beforeTree.resolve("dynauth"), Map.of("JAVA_HOME", jdk.getValue().toString()), work, List.of(List.of("--in-memory"), endpointArgs(ddb)));
                }
                if (variants.stream().anyMatch(v -> v.name().contains("no Spring AOT"))) {
                    train(launcher, Map.of("JAVA_HOME", jdk.getValue().toString(), "DYNAUTH_SPRING_AOT", "0"), work, List.of(List.of("--in-memory"), endpointArgs(ddb)));
                }
            }
            String before = loadAverage();
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (int run = 1; run <= runs; run++) {
                for (String mode : modes) {
                    for (Variant v : variants) {
                        List<String> serve = new ArrayList<>(v.command());
                        serve.add("serve");
                        serve.addAll(mode.equals("embedded") ? List.of("--in-memory") : endpointArgs(ddb));
                        Sample s = start(serve, v.env(), work);
                        samples.computeIfAbsent(v.jdk() + "|" + v.name() + "|" + mode, k -> new ArrayList<>()).add(s);
                        System.err.printf(Locale.ROOT, "run %d, JDK %s, %-8s %-32s %5.2f s  cpu %5.2f s  rss %4.0f MB  load %s%n",
                                run, v.jdk(), mode, v.name(), s.seconds(), s.cpuSeconds(), s.rssMb(), loadAverage());
                    }
                }
            }
            System.out.println(report(samples, runs, before, loadAverage()));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** serve's arguments against the benchmark's DynamoDB Local. */
    static List<String> endpointArgs(DynamoDbLocalServer ddb) {
        return List.of("--endpoint", ddb.endpoint().toString(), "--table", "bench-startup", "--create-table",
                "--secret", "bench-startup-secret");
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(key, value);
        return m;
    }

    /** Starts serve once with each of {@code serves}' arguments through the launcher (untimed), which makes its cache for this JDK first (DYNAUTH_CACHE_WAIT). */
    static void train(Path launcher, Map<String, String> env, Path work, List<List<String>> serves) throws Exception {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("DYNAUTH_CACHE_WAIT", "1");
        // embedded and against an endpoint are a cache each (the launcher's serve_endpoint)
        for (List<String> args : serves) {
            List<String> command = new ArrayList<>(List.of("bash", launcher.toString(), "serve"));
            command.addAll(args);
            Sample s = start(command, e, work);
            System.err.printf(Locale.ROOT, "serve's cache made (%s, %s), then serve started in %.1f s%n", env, args.get(0), s.seconds());
        }
    }

    /** Starts the command with --port, waits for its first 200 from /health, and stops it. */
    static Sample start(List<String> command, Map<String, String> env, Path work) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("--port", String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).directory(work.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("NEXT_AUTH_AWS_")
                || k.equals("JAVA_HOME") || k.startsWith("DYNAUTH_"));
        pb.environment().put("DDB_LOCAL_TELEMETRY", "0");
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.MINUTES.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("serve ended with " + p.exitValue() + ": " + cmd);
                }
                if (ok(port)) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    // the launcher execs java: the process is the JVM (its descendants: none, or a cache's training)
                    double cpu = HttpBench.ticks(p.pid()) / 100.0;
                    return new Sample(seconds, cpu, HttpBench.hwm(p.pid()) / 1024.0);
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("no 200 from /health within 15 minutes: " + cmd);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean ok(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /**
     * One row per way of starting serve and mode, one column group per JDK (side by side): the median wall time to
     * the first 200 with its range, the median CPU time (user + system) the process used to get there, and the
     * median peak RSS by then.
     */
    static String report(Map<String, List<Sample>> samples, int runs, String loadBefore, String loadAfter) {
        StringBuilder o = new StringBuilder();
        o.append(String.format(Locale.ROOT, "%d CPUs, %d runs each (variants interleaved), load average %s before, %s after%n%n",
                Runtime.getRuntime().availableProcessors(), runs, loadBefore, loadAfter));
        List<String> jdks = new ArrayList<>();
        Map<String, Map<String, List<Sample>>> rows = new LinkedHashMap<>();
        for (var e : samples.entrySet()) {
            String[] k = e.getKey().split("\\|");
            if (!jdks.contains(k[0])) jdks.add(k[0]);
            rows.computeIfAbsent(k[2] + "|" + k[1], x -> new LinkedHashMap<>()).put(k[0], e.getValue());
        }
        o.append("| serve | how |");
        jdks.forEach(j -> o.append(" JDK ").append(j).append(": first 200 from /health, median (min–max) | CPU | peak RSS |"));
        o.append("\n|---|---|").append("---|---|---|".repeat(jdks.size())).append('\n');
        for (var row : rows.entrySet()) {
            String[] k = row.getKey().split("\\|");
            o.append("| ").append(k[0]).append(" | ").append(k[1]).append(" |");
            for (String j : jdks) {
                List<Sample> xs = row.getValue().get(j);
                if (xs == null) {
                    o.append(" – | – | – |");
                    continue;
                }
                List<Double> secs = xs.stream().map(Sample::seconds).toList();
                o.append(String.format(Locale.ROOT, " %.2f s (%.2f–%.2f) | %.2f s | %.0f MB |", median(secs),
                        secs.stream().min(Double::compare).orElseThrow(), secs.stream().max(Double::compare).orElseThrow(),
                        median(xs.stream().map(Sample::cpuSeconds).toList()), median(xs.stream().map(Sample::rssMb).toList())));
            }
            o.append('\n');
        }
        return o.toString();
    }
}
