package dev.dynauth.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of the HTTP benchmarks: {@code connections} kept-alive HTTP/1.1 connections on raw sockets, each sending
 * a GET ({@code /api/auth/session} unless a {@link Probe} says otherwise) with the next session cookie as soon as the
 * previous answer is in (closed loop), for a fixed time. An answer counts as signed in when it is a 200 whose body
 * holds the probe's marker (for the session endpoint: names a user).
 */
final class HttpLoad {

    /**
     * The request sent with each token, and what the body of a signed-in answer contains. The token goes in the Auth.js
     * session cookie, or, {@code bearer}, as {@code Authorization: Bearer} (the gateway benchmark's direct calls).
     */
    record Probe(String path, String signedInMarker, boolean bearer) {
        static final Probe SESSION = new Probe("/api/auth/session", "\"user\"");

        Probe(String path, String signedInMarker) {
            this(path, signedInMarker, false);
        }

        Probe asBearer() {
            return new Probe(path, signedInMarker, true);
        }
    }

    record Result(long requests, long failures, double seconds, long[] sortedLatencyNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (sortedLatencyNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sortedLatencyNanos.length - 1, Math.ceil(p / 100.0 * sortedLatencyNanos.length) - 1);
            return sortedLatencyNanos[Math.max(0, i)] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(sortedLatencyNanos).average().orElse(Double.NaN) / 1e6;
        }
    }

    private HttpLoad() {}

    static Result run(int port, List<String> tokens, int connections, long millis) throws InterruptedException {
        return run(Probe.SESSION, port, tokens, connections, millis);
    }

    static Result run(Probe probe, int port, List<String> tokens, int connections, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        AtomicLong failures = new AtomicLong();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        Thread[] threads = new Thread[connections];
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            final int id = c;
            threads[c] = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                int next = id;
                Connection socket = null;
                try {
                    while (System.nanoTime() < deadline) {
                        if (socket == null) {
                            socket = Connection.open(port);
                        }
                        String token = tokens.get(next % tokens.size());
                        next += connections;
                        long t0 = System.nanoTime();
                        boolean ok;
                        try {
                            int answer = exchange(socket, probe, token);
                            ok = answer == OK || answer == CLOSED_OK;
                            if (answer >= CLOSED_OK) {
                                socket = null;
                            }
                        } catch (IOException e) {
                            ok = false;
                            socket.socket().close();
                            socket = null;
                        }
                        long t1 = System.nanoTime();
                        if (!ok) {
                            failures.incrementAndGet();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = t1 - t0;
                    }
                } catch (IOException e) {
                    failures.incrementAndGet();
                } finally {
                    if (socket != null) {
                        try {
                            socket.socket().close();
                        } catch (IOException ignored) {
                            // closing
                        }
                    }
                }
                latencies[id] = mine;
                counts[id] = n;
            }, "load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(total, failures.get(), seconds, all);
    }

    /** Each token once, on one connection. */
    static Result runCount(int port, List<String> tokens) throws InterruptedException {
        return runCount(Probe.SESSION, port, tokens);
    }

    static Result runCount(Probe probe, int port, List<String> tokens) throws InterruptedException {
        long failures = 0;
        long[] latencies = new long[tokens.size()];
        long start = System.nanoTime();
        Connection connection = null;
        try {
            for (int i = 0; i < tokens.size(); i++) {
                if (connection == null) {
                    connection = Connection.open(port);
                }
                long t0 = System.nanoTime();
                try {
                    int answer = exchange(connection, probe, tokens.get(i));
                    if (answer == FAILED || answer == CLOSED_FAILED) {
                        failures++;
                    }
                    if (answer >= CLOSED_OK) {
                        connection = null;
                    }
                } catch (IOException e) {
                    failures++;
                    connection.socket().close();
                    connection = null;
                }
                latencies[i] = System.nanoTime() - t0;
            }
            if (connection != null) {
                connection.socket().close();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Arrays.sort(latencies);
        return new Result(tokens.size(), failures, (System.nanoTime() - start) / 1e9, latencies);
    }

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int CLOSED_OK = 2;
    private static final int CLOSED_FAILED = 3;

    /** One request and its whole answer: {@link #OK} when it was a signed-in session; CLOSED_* when the connection ended. */
    private static int exchange(Connection socket, Probe probe, String token) throws IOException {
        OutputStream out = socket.out();
        out.write(("GET " + probe.path() + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                + (probe.bearer() ? "Authorization: Bearer " : "Cookie: authjs.session-token=") + token + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.in();
        String status = line(in);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes((int) size));
                line(in);
            }
            line(in);
        } else if (length > 0) {
            body.write(in.readNBytes((int) length));
        }
        boolean ok = status.startsWith("HTTP/1.1 200") && body.toString(StandardCharsets.UTF_8).contains(probe.signedInMarker());
        if (close) {
            // the server ends the connection after this answer (Tomcat: every 100 requests by default)
            socket.socket().close();
            return ok ? CLOSED_OK : CLOSED_FAILED;
        }
        return ok ? OK : FAILED;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                s.append((char) b);
            }
        }
        if (b < 0 && s.length() == 0) {
            throw new IOException("connection closed");
        }
        return s.toString();
    }

    /** A kept-alive connection with its buffered streams. */
    private record Connection(Socket socket, InputStream in, OutputStream out) {
        static Connection open(int port) throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 16384), socket.getOutputStream());
        }
    }
}
