package dev.dynauth.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * What the public-URL, redirect and cookie rules read of a request, on either stack: the scheme, the host and port
 * the client named (the Host header, untrusted unless {@link PublicUrl} says otherwise), the socket it came in on,
 * and the context path. The servlet and the reactive side each build one; the rules themselves never see a request.
 *
 * @param scheme       {@code http} or {@code https}
 * @param serverName   the host the client named, without port
 * @param serverPort   the port the client named (-1: the scheme's default)
 * @param localAddress the address of the local socket (null: unknown)
 * @param localPort    the port of the local socket
 * @param contextPath  the application's context path ("" at the root)
 */
public record RequestFacts(String scheme, String serverName, int serverPort, String localAddress, int localPort,
                           String contextPath) {

    /** A servlet request's facts. */
    public static RequestFacts of(HttpServletRequest request) {
        return new RequestFacts(request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getLocalAddr(), request.getLocalPort(), request.getContextPath());
    }

    /** A reactive request's facts: the URI reactor-netty built from the Host header, and the local socket. */
    public static RequestFacts of(ServerHttpRequest request) {
        URI uri = request.getURI();
        InetSocketAddress local = request.getLocalAddress();
        String scheme = uri.getScheme() == null ? (request.getSslInfo() != null ? "https" : "http") : uri.getScheme();
        String host = uri.getHost() == null ? "" : uri.getHost();
        return new RequestFacts(scheme, host, uri.getPort(),
                local == null || local.getAddress() == null ? null : local.getAddress().getHostAddress(),
                local == null ? -1 : local.getPort(), request.getPath().contextPath().value());
    }

    /** Whether the request itself came over https (forwarded by a trusted proxy, or direct TLS). */
    public boolean secure() {
        return "https".equalsIgnoreCase(scheme);
    }
}
