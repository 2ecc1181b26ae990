package dev.dynauth.samples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process of a sample (its jar, or Node), its output kept in memory to be searched; ended on close. */
final class RunningProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private RunningProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    static RunningProcess start(String name, ProcessBuilder builder) {
        try {
            return new RunningProcess(name, builder.redirectErrorStream(true).start());
        } catch (IOException e) {
            return fail("cannot start " + name + " (" + builder.command() + "): " + e.getMessage());
        }
    }

    /**
     * Waits for a line matching {@code pattern} after line {@code from} and returns its match; fails with the
     * output when the process ends or the time is up first.
     */
    Matcher await(Pattern pattern, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int next = from;
            while (true) {
                for (; next < lines.size(); next++) {
                    Matcher m = pattern.matcher(lines.get(next));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && next >= lines.size()) {
                    return fail(name + (process.isAlive() ? " printed no line matching " : " ended without a line matching ")
                            + pattern + " within " + timeout.toSeconds() + " s; its output:\n" + tail());
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return fail("interrupted");
                }
            }
        }
    }

    /** How many lines the process has printed so far: a starting point for {@link #await}. */
    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** The last lines of output, for failure messages. */
    String tail() {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
