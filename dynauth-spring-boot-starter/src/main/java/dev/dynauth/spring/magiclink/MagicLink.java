package dev.dynauth.spring.magiclink;

import java.time.Instant;

/**
 * A sign-in link to deliver. The URL carries the raw token: it is a bearer secret and
 * {@link #toString()} never shows it.
 *
 * @param identifier the normalised email address to send to
 * @param url        the link to click
 * @param expires    when the link stops working
 */
public record MagicLink(String identifier, String url, Instant expires) {
    @Override
    public String toString() {
        return "MagicLink[identifier=" + identifier + ", url=<redacted>, expires=" + expires + "]";
    }
}
