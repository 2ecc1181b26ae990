package dev.dynauth.spring.magiclink;

/** Delivers magic links (Auth.js {@code sendVerificationRequest}). Define a bean to replace the default. */
@FunctionalInterface
public interface MagicLinkSender {
    void send(MagicLink link);
}
