package dev.dynauth.spring.dynamodb;

import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The AWS SDK HTTP client for a server: a pool of as many kept-alive connections as the server has request threads,
 * so every thread can have a DynamoDB request in flight without waiting for a connection, and no connection is closed
 * only to be opened again (the SDK's default pool holds 50; the URL-connection client keeps only 5 idle connections
 * per host and opens a new one for every request beyond them).
 */
public final class DynauthHttpClient {

    /** Tomcat's default {@code server.tomcat.threads.max}. */
    public static final int DEFAULT_SERVER_THREADS = 200;

    private DynauthHttpClient() {}

    /** An Apache HTTP client builder with a pool of {@code maxConnections} connections, kept alive. */
    public static ApacheHttpClient.Builder pooled(int maxConnections) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        return ApacheHttpClient.builder()
                .maxConnections(maxConnections)
                // idle connections stay open (the SDK's default 60 s idle time, reaped in the background)
                .tcpKeepAlive(true);
    }
}
