package dev.dynauth;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalisation of the identifiers Auth.js keys things by. Every component that stores or looks up
 * an email (magic links, OAuth sign-in, rate limits) must go through here, so that a Next.js app and
 * a JVM app find the same verification tokens and users.
 */
public final class Identifiers {

    /** Longest email address accepted (RFC 5321 path limit). */
    public static final int MAX_EMAIL_LENGTH = 320;

    private Identifiers() {}

    /**
     * Normalises an email address as Auth.js core does for the email provider: trim, lowercase,
     * Unicode NFKC; quotes are refused and the result must contain exactly one {@code @} with a
     * non-empty local part and domain.
     *
     * @throws IllegalArgumentException when the address is missing or malformed; the message never
     *                                  contains the input
     */
    public static String normalizeEmail(String email) {
        if (email == null) {
            throw new IllegalArgumentException("an email address is required");
        }
        String s = email.trim().toLowerCase(Locale.ROOT);
        s = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an email address is required");
        }
        if (s.length() > MAX_EMAIL_LENGTH) {
            throw new IllegalArgumentException("the email address is too long");
        }
        if (s.indexOf('"') >= 0 || s.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("the email address must not contain quotes");
        }
        int at = s.indexOf('@');
        if (at < 0 || at != s.lastIndexOf('@')) {
            throw new IllegalArgumentException("the email address must contain exactly one '@'");
        }
        if (at == 0 || at == s.length() - 1) {
            throw new IllegalArgumentException("the email address needs a local part and a domain");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == ',' && i > at) {
                throw new IllegalArgumentException("the email address contains an invalid character");
            }
        }
        return s;
    }
}
