package dev.dynauth.app.command;

import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DataDir;
import dev.dynauth.app.store.DataDirAccess;
import dev.dynauth.app.store.KeptSecrets;
import dev.dynauth.app.store.Store;
import dev.dynauth.app.store.TableAdmin;
import dev.dynauth.app.web.ServerApp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the sign-in web app (magic links, passkeys, OAuth providers, account page).",
                "Stores in the embedded DynamoDB Local under --data-dir, creating the table on first start; "
                        + "against AWS (--region, --endpoint or AWS_* / NEXT_AUTH_AWS_* variables) the table is only "
                        + "verified unless --create-table.",
                "Without --smtp-host, magic links are shown at /dev/mailbox and in the console.",
                "OAuth providers from the environment: GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET, "
                        + "GOOGLE_CLIENT_ID/GOOGLE_CLIENT_SECRET."})
public final class ServeCommand extends StoreCommand {
    private static volatile boolean serving;
    /**
     * Tomcat's request threads; the DynamoDB connection pool has as many connections. 32, not Tomcat's 200: a request
     * holds its thread for about a millisecond of CPU and one DynamoDB round trip, so 32 keep two cores busy while
     * DynamoDB answers in up to ~30 ms, and further requests wait for a thread (accepted, not refused). Threads
     * are made as requests need them, and each costs its stack and native memory: at 64 connections, 32 threads
     * instead of 200 kept serve 13-18 MB smaller, at more requests/s (bench/http-run; dynauth-app/README.md, "Memory").
     * {@code -Dserver.tomcat.threads.max=N} in DYNAUTH_JAVA_OPTS overrides it.
     */
    public static final int SERVER_THREADS = 32;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "HTTP port on localhost (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--create-table", description = "Create the table when missing, also on AWS.")
    boolean createTable;

    @Option(names = "--secret", paramLabel = "SECRET", description = "Secret for hashing magic-link tokens, the Auth.js "
            + "app's AUTH_SECRET (env: AUTH_SECRET). Embedded: generated once and kept in the data directory.")
    String secret;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "Send magic links by mail through this SMTP server.")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "587", description = "SMTP port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--smtp-username", paramLabel = "USER", description = "SMTP user name.")
    String smtpUsername;

    @Option(names = "--smtp-password-env", paramLabel = "VAR", defaultValue = "SMTP_PASSWORD",
            description = "Environment variable holding the SMTP password (default: ${DEFAULT-VALUE}).")
    String smtpPasswordEnv;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS", defaultValue = "no-reply@localhost",
            description = "Sender address of magic-link mails (default: ${DEFAULT-VALUE}).")
    String smtpFrom;

    @Option(names = "--public-url", paramLabel = "URL", description = "The public URL users reach the server at, e.g. "
            + "https://auth.example.com (env: AUTH_URL, NEXTAUTH_URL): links in mails, OAuth redirect URIs and passkeys "
            + "are built from it; https makes cookies Secure. Without it only localhost is served (development).")
    String publicUrl;

    @Option(names = "--behind-proxy", description = "Trust X-Forwarded-For/-Proto/-Host (and Forwarded) from a proxy on "
            + "this machine or a private network: client addresses for rate limits, https for Secure cookies.")
    boolean behindProxy;

    @Option(names = "--dynamodb-timeout", paramLabel = "DURATION", defaultValue = "PT3S",
            description = "Longest a DynamoDB call may take, retries included, before a page answers 503 "
                    + "(ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration dynamodbTimeout;

    @Option(names = "--sweep-every", paramLabel = "DURATION", defaultValue = "PT1M",
            description = "How often expired items are deleted on DynamoDB Local (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration sweepEvery;

    /** The benchmark's switch (bench/startup): the table opened before Spring starts, as before 2026-12-07. */
    static final String OPEN_TABLE_FIRST = "dynauth.serve.open-table-first";

    public static boolean serving() {
        return serving;
    }

    @Override
    boolean createsDatabase() {
        return true;
    }

    /** Embedded and persisted: owns the data directory and serves it on loopback to admin commands. */
    @Override
    Store open() {
        if (ownsDataDir()) {
            // the hold taken before Spring's start (call), else taken now
            DataDir.Lock lock = held != null ? held : DataDirAccess.lockToServe(connection.dataDir(context.env()),
                    DataDirAccess.WAIT, "serve");
            held = null;
            Store store = DataDirAccess.serveLocked(connection.dataDir(context.env()), connection.tableOptions(), lock,
                    0, DataDirAccess.startCredentials());
            store.lock().ifPresent(l -> {
                if (port > 0) l.publish(l.owner().onPort(port));
            });
            return store;
        }
        return super.open();
    }

    /** The data directory's hold, taken before anything starts (a directory in use is refused in one line). */
    private volatile DataDir.Lock held;

    /** Embedded and persisted, opening its own store: owns the data directory. */
    private boolean ownsDataDir() {
        return !connection.inMemory && !connection.remote(context.env()) && context.opensOwnStores();
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) throw new CliException("--port must be 0 to 65535", 2);
        if (sweepEvery.isNegative() || sweepEvery.isZero()) throw new CliException("--sweep-every must be positive", 2);
        if (dynamodbTimeout.isNegative() || dynamodbTimeout.isZero()) {
            throw new CliException("--dynamodb-timeout must be positive", 2);
        }
        String url = publicUrl();
        if (url != null) {
            try {
                dev.dynauth.spring.web.PublicUrl.of(url, false);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage().replace("dynauth.url", "--public-url"), 2);
            }
            if (smtpHost == null) {
                throw new CliException("--public-url needs --smtp-host: the development mailbox serves localhost only", 2);
            }
        }
        connection.serverThreads = SERVER_THREADS;
        // The table's start-up work (DynamoDB Local's start, the table's creation and check, the serving client)
        // runs on a thread of its own beside Spring's start, which takes as long; the context's DynamoDB calls wait
        // for it. Only when the secret needs the opened store (a data directory's first start) is it done first.
        String knownSecret = context.opensOwnStores() ? secretWithoutTheStore() : null;
        if (knownSecret != null && ownsDataDir()) {
            held = DataDirAccess.lockToServe(connection.dataDir(context.env()), DataDirAccess.WAIT, "serve");
        }
        CompletableFuture<Store> opening = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                opening.complete(openChecked());
            } catch (Throwable t) {
                opening.completeExceptionally(t);
            }
        }, "dynauth-open-table");
        opener.setDaemon(true);
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable startOpening = () -> {
            if (started.compareAndSet(false, true)) opener.start();
        };
        Store store;
        String resolvedSecret;
        if (knownSecret != null) {
            resolvedSecret = knownSecret;
            if (Boolean.getBoolean(OPEN_TABLE_FIRST)) {
                startOpening.run();
                opened(opening);
            }
            store = Store.whenOpened(opening, connection.tableOptions(), embeddedStore() || connection.loopbackEndpoint(),
                    embeddedStore());
        } else {
            startOpening.run();
            store = opened(opening);
            try {
                resolvedSecret = resolveSecret(store);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        SpringApplication app = application(store, resolvedSecret);
        // once Spring Boot has set up logging: DynamoDB Local logging while Spring resets logback (on another thread)
        // would make logback print a warning about a logger without appenders
        app.addListeners((org.springframework.context.ApplicationListener<
                org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent>) e -> startOpening.run());
        ConfigurableApplicationContext context;
        try {
            context = app.run();
            Runtime.getRuntime().addShutdownHook(new Thread(StopWatchdog::start, "dynauth-stop-watchdog"));
        } catch (RuntimeException e) {
            startOpening.run();
            // the store's failure (a data directory in use, a missing table) is the cause of the context's
            if (opening.isCompletedExceptionally()) {
                RuntimeException cause = failure(opening);
                cause.addSuppressed(e);
                throw cause;
            }
            store.close();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getClass().getSimpleName().equals("PortInUseException")) {
                    throw new CliException("port " + port + " is in use (choose another with --port)", e);
                }
            }
            throw e;
        }
        if (opening.isCompletedExceptionally()) {
            context.close();
            throw failure(opening);
        }
        serving = context.isActive();
        return 0;
    }

    /** Opens the store and makes sure its table is usable (created when embedded or with --create-table). */
    private Store openChecked() {
        Store opened = open();
        try {
            // the start-up's table work may wait on a slow DynamoDB: only the serving client has short call timeouts
            TableAdmin admin = opened.admin();
            if ((opened.embedded() || createTable) && admin.create()) {
                err().println("dynauth: created table '" + opened.options().tableName() + "' in " + opened.description());
            }
            List<String> problems = admin.verify();
            if (!problems.isEmpty()) {
                throw new CliException("table '" + opened.options().tableName() + "' is not usable: "
                        + String.join("; ", problems));
            }
            if (!opened.embedded()) {
                opened.close();
                connection.callTimeout = dynamodbTimeout;
                opened = open();
            }
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The opened store, or the reason it could not be opened. */
    private static Store opened(CompletableFuture<Store> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            throw failure(opening);
        }
    }

    private static RuntimeException failure(CompletableFuture<Store> opening) {
        try {
            opening.join();
            return new IllegalStateException("the store was opened");
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) return r;
            if (cause instanceof Error err) throw err;
            return new IllegalStateException(cause);
        }
    }

    /** Whether this command's own store is the embedded DynamoDB Local (in memory, or the data directory it owns). */
    private boolean embeddedStore() {
        return connection.inMemory || !connection.remote(context.env());
    }

    /**
     * The Spring Boot application of this command on {@code store}: also what {@link ServeAot} hands to Spring's
     * ahead-of-time processing at build time, so both see the same beans and properties.
     */
    SpringApplication application(Store store, String resolvedSecret) {
        String url = publicUrl();
        SpringApplication app = new SpringApplication(ServerApp.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        Map<String, Object> properties = properties(store, resolvedSecret);
        app.setDefaultProperties(properties);
        app.setRegisterShutdownHook(true);
        ServeAot.use(app, ServeAot.applies(properties));
        app.addInitializers(ctx -> ((org.springframework.context.support.GenericApplicationContext) ctx)
                .registerBean(ServeAot.STORE_BEAN, Store.class, () -> store, bd -> bd.setDestroyMethodName("close")));
        app.addInitializers(ctx -> ((org.springframework.context.support.GenericApplicationContext) ctx)
                .registerBean(ServeAot.SETTINGS_BEAN, ServerApp.Settings.class, () -> new ServerApp.Settings(
                        smtpHost == null && url == null, store.local(), sweepEvery, out(), json())));
        // the lock file names the port people see (also the one chosen for --port 0)
        app.addListeners((org.springframework.context.ApplicationListener<
                org.springframework.boot.web.server.context.WebServerInitializedEvent>) e ->
                store.lock().ifPresent(l -> l.publish(l.owner().onPort(e.getWebServer().getPort()))));
        return app;
    }

    private Map<String, Object> properties(Store store, String resolvedSecret) {
        var o = store.options();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", port);
        p.put("server.address", "127.0.0.1");
        p.put("server.shutdown", "graceful");
        p.put("server.tomcat.threads.max", SERVER_THREADS);
        // requests in flight get 5 s; the stop watchdog ends the process at 10 s whatever happens
        p.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");
        p.put("server.error.include-stacktrace", "never");
        p.put("spring.main.banner-mode", "off");
        p.put("spring.application.name", "dynauth");
        // DynamoDB Local logs every request with its access key id, this start's credential for admin commands
        p.put("logging.level.software.amazon.dynamodb", "warn");
        // it also logs every error it answers (a missing table, a failed condition) with a stack trace at WARN
        p.put("logging.level.software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler", "error");
        p.put("logging.level.com.almworks.sqlite4java", "warn");
        if (!output.verbose) {
            // a failed start is reported as one line by the command; stack traces only with --verbose
            for (String quiet : List.of("org.springframework.boot.SpringApplication",
                    "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter",
                    "org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger",
                    "org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext")) {
                p.put("logging.level." + quiet, "off");
            }
        }
        p.put("dynauth.table-name", o.tableName());
        p.put("dynauth.partition-key", o.partitionKey());
        p.put("dynauth.sort-key", o.sortKey());
        p.put("dynauth.index-name", o.indexName());
        p.put("dynauth.index-partition-key", o.indexPartitionKey());
        p.put("dynauth.index-sort-key", o.indexSortKey());
        p.put("dynauth.create-table-if-missing", "false");
        p.put("dynauth.secret", resolvedSecret);
        p.put("dynauth.public-paths", "/,/health,/dev/mailbox,/favicon.ico,/error");
        p.put("dynauth.passkeys.enabled", "true");
        // passkeys, links, redirect URIs: from the public URL, else (development) from the loopback request itself
        String url = publicUrl();
        if (url != null) {
            p.put("dynauth.url", url);
        }
        if (behindProxy) {
            p.put("server.forward-headers-strategy", "native");
        }
        // a link's GET shows "Sign in as ...": mail scanners that follow links cannot use them up
        p.put("dynauth.magic-link.confirm", "true");
        if (smtpHost != null) {
            p.put("spring.mail.host", smtpHost);
            p.put("spring.mail.port", smtpPort);
            if (smtpUsername != null) p.put("spring.mail.username", smtpUsername);
            String pw = context.env().get(smtpPasswordEnv);
            if (pw != null) p.put("spring.mail.password", pw);
            p.put("dynauth.email.from", smtpFrom);
        }
        for (String provider : List.of("github", "google")) {
            String id = context.env().get(provider.toUpperCase() + "_CLIENT_ID");
            String sec = context.env().get(provider.toUpperCase() + "_CLIENT_SECRET");
            if (id != null && !id.isBlank() && sec != null && !sec.isBlank()) {
                String base = "spring.security.oauth2.client.registration." + provider + ".";
                p.put(base + "client-id", id);
                p.put(base + "client-secret", sec);
                p.put(base + "redirect-uri", "{baseUrl}/api/auth/callback/{registrationId}");
            }
        }
        return p;
    }

    /** --public-url, else AUTH_URL, else NEXTAUTH_URL. */
    private String publicUrl() {
        if (publicUrl != null && !publicUrl.isBlank()) return publicUrl.trim();
        for (String var : List.of("AUTH_URL", "NEXTAUTH_URL")) {
            String v = context.env().get(var);
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }

    /** --secret, AUTH_SECRET, or for the embedded store one kept in the data directory (in memory: one per run). */
    private String resolveSecret(Store store) {
        String known = secretWithoutTheStore();
        if (known != null) return known;
        if (!store.embedded()) {
            throw new CliException("no secret: set AUTH_SECRET (the Auth.js app's) or give --secret", 2);
        }
        return KeptSecrets.readOrCreate(keptSecretFile(), 32);
    }

    /**
     * The secret when it is known before the store is open: configured, generated for an in-memory store, or
     * already kept in the data directory (reading it needs no hold on the directory); else null.
     */
    private String secretWithoutTheStore() {
        // the starter's one rule (--secret, else AUTH_SECRET, else NEXTAUTH_SECRET)
        java.util.Optional<dev.dynauth.spring.web.DynauthSecret> configured =
                dev.dynauth.spring.web.DynauthSecret.fromConfiguration(secret, context.env()::get);
        if (configured.isPresent()) return configured.get().value();
        if (connection.inMemory) return dev.dynauth.spring.web.DynauthSecret.generate().value();
        if (embeddedStore() && java.nio.file.Files.isRegularFile(keptSecretFile())) {
            return KeptSecrets.readOrCreate(keptSecretFile(), 32);
        }
        return null;
    }

    private java.nio.file.Path keptSecretFile() {
        return connection.dataDir(context.env()).path.resolve("auth-secret");
    }
}
