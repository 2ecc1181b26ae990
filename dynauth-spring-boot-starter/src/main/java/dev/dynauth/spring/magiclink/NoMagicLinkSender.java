package dev.dynauth.spring.magiclink;

/**
 * The sender when there is none: no mail sender and links not logged. Email sign-in is then not offered (the
 * sign-in page shows only the methods that can work) and this is never called; a caller that does gets a clear error.
 */
final class NoMagicLinkSender implements MagicLinkSender {

    /** The one start-up line: what is missing and the properties that turn email sign-in on or off. */
    public static final String START_UP_LINE = "dynauth: email sign-in is off: no mail sender (set spring.mail.host, or define "
            + "a MagicLinkSender bean; dynauth.email.log-links=true logs the links instead, for development); "
            + "dynauth.email.enabled=false turns email sign-in off without this message";

    @Override
    public void send(MagicLink link) {
        throw new IllegalStateException("no MagicLinkSender: configure spring.mail.* or define a MagicLinkSender bean");
    }

    @Override
    public String toString() {
        return "NoMagicLinkSender";
    }
}
