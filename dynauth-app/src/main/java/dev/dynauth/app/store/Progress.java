package dev.dynauth.app.store;

import java.io.PrintWriter;

/**
 * A progress bar on standard error, drawn only on a terminal (quiet otherwise, so scripts and logs
 * see nothing of it). Redraws at most ten times a second.
 */
public final class Progress implements AutoCloseable {
    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private long done;
    private long lastDraw;
    private boolean drawn;

    public Progress(PrintWriter err, boolean enabled, String label, long total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    public synchronized void add(long n) {
        done += n;
        long now = System.nanoTime();
        if (enabled && (now - lastDraw > 100_000_000L || (total > 0 && done >= total))) {
            lastDraw = now;
            draw();
        }
    }

    long done() {
        return done;
    }

    private void draw() {
        StringBuilder sb = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, done * width / total);
            sb.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
                    .append(done).append('/').append(total);
        } else {
            sb.append(done);
        }
        err.print(sb);
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (enabled) {
            draw();
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }
}
