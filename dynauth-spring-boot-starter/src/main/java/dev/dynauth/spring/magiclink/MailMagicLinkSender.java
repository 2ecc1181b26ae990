package dev.dynauth.spring.magiclink;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** Sends magic links with Spring Mail. */
class MailMagicLinkSender implements MagicLinkSender {

    private final JavaMailSender mailSender;
    private final String from;

    public MailMagicLinkSender(JavaMailSender mailSender, String from) {
        this.mailSender = mailSender;
        this.from = from;
    }

    @Override
    public void send(MagicLink link) {
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(from);
        m.setTo(link.identifier());
        m.setSubject("Sign in");
        m.setText("Sign in with this link:\n\n" + link.url() + "\n\nIt works once and expires at " + link.expires()
                + ".\nIf you did not ask for it, ignore this message.\n");
        mailSender.send(m);
    }
}
