package dev.dynauth.app.command;

import java.time.Duration;

/** serve's bound on how long a stop may take: what SIGTERM starts besides Spring's graceful shutdown. */
final class StopWatchdog {

    /** How long SIGTERM may take before the process stops anyway (a request stuck in the database). */
    static final Duration STOP_WITHIN = Duration.ofSeconds(10);

    private StopWatchdog() {}

    /**
     * Runs at SIGTERM next to Spring's own shutdown hook: if that has not ended the process within
     * {@link #STOP_WITHIN} (a request stuck in the database holds a Tomcat thread), the process ends anyway.
     * SQLite's journal keeps DynamoDB Local's file consistent; nothing acknowledged is lost.
     */
    static void start() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(STOP_WITHIN.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("dynauth: not stopped within " + STOP_WITHIN.toSeconds()
                    + " s (a request is stuck); stopping now");
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }, "dynauth-stop-timer");
        // a daemon: it does not hold up a shutdown that finishes in time, and it outlives the hooks that do not
        t.setDaemon(true);
        t.start();
    }
}
