package dev.dynauth.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the HTTP benchmarks ({@link HttpBench}, {@link ReactiveBench}) share: one measurement of a server (requests/s,
 * latency percentiles, the server's CPU from {@code /proc}, its DynamoDB requests through its {@link CountingProxy}),
 * the rows' table of medians over rounds, the per-round ratios with their ranges, and the small process helpers.
 */
final class HttpRounds {

    /** A server measured with one kind of session token on one request. */
    record Target(String name, int port, ProcessHandle process, CountingProxy proxy, List<String> tokens, HttpLoad.Probe probe) {}

    record Row(String target, int connections, int round, double perSecond, double p50, double p99, double mean,
               double cpuMsPer1000, double ddbPerRequest, Map<String, Long> ddb, long failures, long requests) {}

    private static final long TICKS_PER_SECOND = 100;

    private HttpRounds() {}

    /** One measurement: {@code connections} closed-loop connections for {@code seconds}. */
    static Row measure(Target t, int connections, int round, int seconds) throws InterruptedException {
        Map<String, Long> ddbBefore = t.proxy().requests();
        long cpuBefore = cpuTicks(t.process());
        HttpLoad.Result r = HttpLoad.run(t.probe(), t.port(), t.tokens(), connections, seconds * 1000L);
        long cpuTicks = cpuTicks(t.process()) - cpuBefore;
        Map<String, Long> ddb = minus(t.proxy().requests(), ddbBefore);
        long ddbTotal = ddb.values().stream().mapToLong(Long::longValue).sum();
        return new Row(t.name(), connections, round, r.perSecond(), r.percentileMillis(50), r.percentileMillis(99),
                r.meanMillis(), cpuMsPer1000(cpuTicks, r.requests()), (double) ddbTotal / Math.max(1, r.requests()),
                ddb, r.failures(), r.requests());
    }

    /** How one target is measured in {@link #inTurns} (usually {@link #measure} for some seconds). */
    interface Measurement {
        Row measure(Target t, int connections, int round) throws InterruptedException;
    }

    /**
     * A warm-up (each target for {@code warmupSeconds}, spread over the connection counts), then {@code rounds} rounds
     * in which the targets take turns at each connection count, the order reversed every other round, so that paired
     * rows share the machine's load. The load average after each round goes to {@code loads}.
     */
    static List<Row> inTurns(List<Target> targets, List<Integer> connectionCounts, int rounds, int warmupSeconds,
                             Measurement measurement, List<String> loads) throws InterruptedException {
        log("warm-up: %d s per target", warmupSeconds);
        for (int c : connectionCounts) {
            for (Target t : targets) {
                HttpLoad.run(t.probe(), t.port(), t.tokens(), c, warmupSeconds * 1000L / connectionCounts.size());
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int c : connectionCounts) {
                List<Target> order = new ArrayList<>(targets);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Target t : order) {
                    Row row = measurement.measure(t, c, round);
                    rows.add(row);
                    logRow(row);
                }
            }
            loads.add(loadAverage());
        }
        return rows;
    }

    /** CPU milliseconds per 1,000 requests, from clock ticks ({@link #cpuTicks}). */
    static double cpuMsPer1000(long ticks, long requests) {
        return ticks * 1000.0 / TICKS_PER_SECOND * 1000.0 / Math.max(1, requests);
    }

    static void logRow(Row row) {
        log("round %d, %2d connections, %-26s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  cpu %6.1f ms/1000  ddb %.2f/req %s%s",
                row.round(), row.connections(), row.target(), row.perSecond(), row.p50(), row.p99(), row.cpuMsPer1000(),
                row.ddbPerRequest(), row.ddb(), row.failures() > 0 ? "  FAILURES " + row.failures() : "");
    }

    /** The table of medians over rounds, one line per target and connection count. */
    static void table(StringBuilder o, List<Row> rows, List<String> targets, List<Integer> connectionCounts, int width) {
        o.append(String.format(Locale.ROOT, "%n%-" + width + "s %5s %10s %9s %9s %9s %12s %10s%n", "server", "conns", "req/s",
                "p50 ms", "p99 ms", "mean ms", "cpu ms/1000", "DDB/req"));
        for (int c : connectionCounts) {
            for (String t : targets) {
                List<Row> rs = rows.stream().filter(r -> r.target().equals(t) && r.connections() == c).toList();
                o.append(String.format(Locale.ROOT, "%-" + width + "s %5d %10.0f %9.2f %9.2f %9.2f %12.1f %10.2f%n", t, c,
                        median(rs.stream().map(Row::perSecond).toList()), median(rs.stream().map(Row::p50).toList()),
                        median(rs.stream().map(Row::p99).toList()), median(rs.stream().map(Row::mean).toList()),
                        median(rs.stream().map(Row::cpuMsPer1000).toList()), median(rs.stream().map(Row::ddbPerRequest).toList())));
            }
        }
    }

    /** numerator / denominator of each round at {@code c} connections: throughput, p50, p99, mean latency, CPU per request. */
    static String ratios(List<Row> rows, String numerator, String denominator, int c, int rounds, boolean withP50) {
        List<Double> tput = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Row d = find(rows, numerator, c, round);
            Row n = find(rows, denominator, c, round);
            tput.add(d.perSecond() / n.perSecond());
            p50.add(d.p50() / n.p50());
            p99.add(d.p99() / n.p99());
            mean.add(d.mean() / n.mean());
            cpu.add(d.cpuMsPer1000() / n.cpuMsPer1000());
        }
        return String.format(Locale.ROOT, "throughput %s  %sp99 %s  mean latency %s  cpu/request %s", range(tput),
                withP50 ? "p50 " + range(p50) + "  " : "", range(p99), range(mean), range(cpu));
    }

    /** DynamoDB requests per signed-in request of each target over all its rounds, by X-Amz-Target. */
    static void ddbPerRequest(StringBuilder o, List<Row> rows, List<String> targets, int width) {
        for (String t : targets) {
            Map<String, Long> sum = new TreeMap<>();
            long requests = 0;
            for (Row r : rows) {
                if (r.target().equals(t)) {
                    r.ddb().forEach((k, v) -> sum.merge(k, v, Long::sum));
                    requests += r.requests();
                }
            }
            final long n = Math.max(1, requests);
            StringBuilder per = new StringBuilder();
            sum.forEach((k, v) -> per.append(String.format(Locale.ROOT, " %s %.3f", k, (double) v / n)));
            o.append(String.format(Locale.ROOT, "  %-" + width + "s%s%n", t, per));
        }
    }

    /** utime + stime of the process and its descendants (the Node workers), in clock ticks. */
    static long cpuTicks(ProcessHandle p) {
        long sum = ticks(p.pid());
        for (ProcessHandle d : p.descendants().toList()) {
            sum += ticks(d.pid());
        }
        return sum;
    }

    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat; f[0] is field 3
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Peak resident set (VmHWM) in MB of the process and its descendants. */
    static double peakRssMb(ProcessHandle p) {
        long kb = hwm(p.pid());
        for (ProcessHandle d : p.descendants().toList()) {
            kb += hwm(d.pid());
        }
        return kb / 1024.0;
    }

    static long hwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls until the server answers 200 on {@code path}; fails when the process exits or the time is up. */
    static void waitFor200(int port, String path, Process p, int timeoutSeconds) throws Exception {
        waitForStatus(port, path, p, timeoutSeconds, 200);
    }

    /** Polls until the server answers {@code status} on {@code path} (e.g. 401: up, and refusing the anonymous). */
    static void waitForStatus(int port, String path, Process p, int timeoutSeconds, int status) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.exitValue());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
                c.setConnectTimeout(200);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the server did not answer " + status + " on " + path + " within " + timeoutSeconds + " s");
    }

    /**
     * A Spring Boot application of bench/apps in its own JVM, its output to {@code log}. DynamoDB Local takes any
     * credentials: the starter's client and the SDK's chain both find these.
     */
    static Process startApp(String java, List<String> javaOptions, String classpath, String mainClass, List<String> args,
                            Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("NEXT_AUTH_AWS_ACCESS_KEY", "local", "NEXT_AUTH_AWS_SECRET_KEY", "local",
                "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_REGION", "us-east-1"));
        return pb.start();
    }

    /** Waits for an application started by {@link #startApp}; when it does not come up, fails with its log's tail. */
    static void awaitApp(String name, Process p, int port, String path, int status, Path log) throws Exception {
        try {
            waitForStatus(port, path, p, 300, status);
        } catch (IllegalStateException e) {
            p.destroy();
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("the " + name + " app did not start: " + e.getMessage() + "\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())), e);
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static Row find(List<Row> rows, String target, int c, int round) {
        return rows.stream().filter(r -> r.target().equals(target) && r.connections() == c && r.round() == round).findFirst().orElseThrow();
    }

    static String range(List<Double> xs) {
        return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(xs), xs.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                xs.stream().mapToDouble(d -> d).max().orElse(Double.NaN));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " (1 min, at the end)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void log(String format, Object... args) {
        System.err.println("[" + java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + String.format(Locale.ROOT, format, args));
        System.err.flush();
    }
}
