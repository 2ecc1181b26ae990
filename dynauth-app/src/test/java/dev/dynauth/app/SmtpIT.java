package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --smtp-host, magic links are mailed (to a plain SMTP server on loopback) and there is no development mailbox. */
class SmtpIT {
    @TempDir
    Path dir;

    /** Just enough SMTP (RFC 5321, no TLS, no auth) to receive mails on loopback. */
    static final class SmtpServer implements AutoCloseable {
        final ServerSocket socket;
        final BlockingQueue<String> mails = new LinkedBlockingQueue<>();
        /** Each {@code RCPT TO:<...>} argument, as the client sent it: the mailboxes actually mailed. */
        final BlockingQueue<String> recipients = new LinkedBlockingQueue<>();

        SmtpServer() throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::serve, "test-smtp");
            t.setDaemon(true);
            t.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    reply(out, "220 localhost test SMTP");
                    String line;
                    while ((line = in.readLine()) != null) {
                        String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                        switch (cmd) {
                            case "EHLO", "HELO" -> reply(out, "250 localhost");
                            case "MAIL", "RSET", "NOOP" -> reply(out, "250 OK");
                            case "RCPT" -> {
                                recipients.add(line.substring(line.indexOf(':') + 1).trim());
                                reply(out, "250 OK");
                            }
                            case "DATA" -> {
                                reply(out, "354 end with <CRLF>.<CRLF>");
                                StringBuilder mail = new StringBuilder();
                                String l;
                                while ((l = in.readLine()) != null && !l.equals(".")) {
                                    mail.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
                                }
                                mails.add(mail.toString());
                                reply(out, "250 queued");
                            }
                            case "QUIT" -> {
                                reply(out, "221 bye");
                                s.close();
                            }
                            default -> reply(out, "502 not implemented");
                        }
                        if (s.isClosed()) break;
                    }
                } catch (IOException e) {
                    // connection or server closed
                }
            }
        }

        private static void reply(PrintWriter out, String s) {
            out.print(s + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void magicLinksAreSentByMail() throws Exception {
        try (SmtpServer smtp = new SmtpServer();
             ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--in-memory", "--port", "0",
                     "--smtp-host", "127.0.0.1", "--smtp-port", Integer.toString(smtp.socket.getLocalPort()),
                     "--smtp-from", "signin@dynauth.test")) {
            int port = Integer.parseInt(app.await(ServeJarIT.SERVING, Duration.ofSeconds(120)).group(1));
            ServeJarIT.Browser a = new ServeJarIT.Browser("http://127.0.0.1:" + port);
            assertEquals(404, a.get("/dev/mailbox").statusCode(), "no development mailbox when mail is sent");

            String page = a.get("/api/auth/signin?callbackUrl=%2Faccount").body();
            Map<String, String> form = new LinkedHashMap<>();
            form.put("email", "mail@example.com");
            form.put("callbackUrl", "/account");
            form.put("_csrf", ServeJarIT.Browser.csrfField(page));
            assertEquals(302, a.post("/api/auth/signin/email", form).statusCode());

            String mail = smtp.mails.poll(60, TimeUnit.SECONDS);
            assertNotNull(mail, "a mail arrives");
            assertTrue(mail.contains("To: mail@example.com"), mail);
            assertTrue(mail.contains("From: signin@dynauth.test"), mail);
            String unfolded = mail.replace("=\n", "").replace("=3D", "=");
            Matcher link = Pattern.compile("(http://127\\.0\\.0\\.1:" + port + "/api/auth/callback/email\\S+)").matcher(unfolded);
            assertTrue(link.find(), mail);
            assertEquals(302, a.follow(link.group(1)).statusCode());
            assertEquals(200, a.get("/account").statusCode(), "signed in by the mailed link");
            assertTrue(app.output().lines().noneMatch(l -> l.contains("token=")), "the link is not logged when mailed");
        }
    }
}
