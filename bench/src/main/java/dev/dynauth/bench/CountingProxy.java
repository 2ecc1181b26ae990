package dev.dynauth.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback TCP proxy in front of DynamoDB Local that counts what a server sends to DynamoDB: requests by their
 * {@code X-Amz-Target} (e.g. {@code DynamoDB_20120810.BatchGetItem}) and the TCP connections opened. It forwards
 * bytes unchanged; it only reads the request heads (HTTP/1.1 with {@code Content-Length}, as both AWS SDKs send).
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Map<String, LongAdder> byTarget = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong maxOpen = new AtomicLong();
    private volatile boolean closed;

    CountingProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "proxy-accept-" + port());
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Requests by operation (the part of {@code X-Amz-Target} after the dot). */
    Map<String, Long> requests() {
        Map<String, Long> m = new TreeMap<>();
        byTarget.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    long totalRequests() {
        return byTarget.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** TCP connections opened to DynamoDB since the start. */
    long connectionsOpened() {
        return connections.get();
    }

    long maxOpenConnections() {
        return maxOpen.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                Socket upstream = new Socket();
                upstream.connect(target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Thread up = new Thread(() -> requests(client, upstream), "proxy-up");
                Thread down = new Thread(() -> pipe(upstream, client), "proxy-down");
                up.setDaemon(true);
                down.setDaemon(true);
                up.start();
                down.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy: " + e.getMessage());
                }
            }
        }
    }

    /** Client to DynamoDB: request by request, counting each head's X-Amz-Target. */
    private void requests(Socket client, Socket upstream) {
        try (client; upstream) {
            InputStream in = new BufferedInputStream(client.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(upstream.getOutputStream(), 16384);
            ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
            while (true) {
                head.reset();
                int last = 0;
                int b;
                // the head ends with CR LF CR LF
                while ((b = in.read()) >= 0) {
                    head.write(b);
                    last = (last << 8) | b;
                    if (last == 0x0d0a0d0a) {
                        break;
                    }
                }
                if (b < 0) {
                    return;
                }
                byte[] bytes = head.toByteArray();
                long length = 0;
                for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    if (name.equals("x-amz-target")) {
                        byTarget.computeIfAbsent(value.substring(value.indexOf('.') + 1), k -> new LongAdder()).increment();
                    } else if (name.equals("content-length")) {
                        length = Long.parseLong(value);
                    }
                }
                out.write(bytes);
                byte[] buffer = new byte[8192];
                while (length > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
                    if (n < 0) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    length -= n;
                }
                out.flush();
            }
        } catch (IOException e) {
            // connection closed by either side
        } finally {
            open.decrementAndGet();
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
