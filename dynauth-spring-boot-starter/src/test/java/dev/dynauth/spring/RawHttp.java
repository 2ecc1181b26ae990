package dev.dynauth.spring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HTTP/1.1 over a plain socket: sends exactly the bytes a hostile client would (no client-side checks). */
final class RawHttp {

    record Response(int status, List<String> headers, String body) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String h : headers) {
                if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return h.substring(prefix.length()).trim();
                }
            }
            return null;
        }

        List<String> all(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).toList();
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    Response send(String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            StringBuilder h = new StringBuilder(head);
            if (!head.toLowerCase(Locale.ROOT).contains("\r\nconnection:")) {
                h.append("\r\nConnection: close");
            }
            if (body != null && !head.toLowerCase(Locale.ROOT).contains("\r\ncontent-length:")
                    && !head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding:")) {
                h.append("\r\nContent-Length: ").append(body.length);
            }
            h.append("\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException closedEarly) {
                    // the server may answer (and close) before reading a huge body: read what it said
                }
            }
            out.flush();
            return read(s.getInputStream());
        }
    }

    Response get(String target, String... headers) throws IOException {
        return send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + headerLines(headers), null);
    }

    Response post(String target, String contentType, String body, String... headers) throws IOException {
        return send("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType
                + headerLines(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    static String headerLines(String... headers) {
        StringBuilder b = new StringBuilder();
        for (String h : headers) {
            b.append("\r\n").append(h);
        }
        return b.toString();
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer: keep what arrived
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return new Response(-1, List.of(), text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        String body = new String(text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new Response(status, headers, body);
    }
}
