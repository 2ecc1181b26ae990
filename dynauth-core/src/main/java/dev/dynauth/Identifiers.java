package dev.dynauth;

import java.net.IDN;
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

    /** RFC 5322 {@code atext} beyond letters and digits, less the apostrophe (refused as a quote, as before). */
    private static final String ATEXT_SYMBOLS = "!#$%&*+/=?^_`{|}~-";

    private Identifiers() {}

    /**
     * The one canonical form of an email address, as Auth.js core computes it for the email provider (since its
     * 2026-06 security release): trimmed, Unicode NFKC, lower case. Nothing is validated: this is also the form of
     * an email an OAuth provider reports (Auth.js only lower-cases those; NFKC here as well, so that a provider's
     * full-width {@code ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ} is the existing {@code ada@example.com}, not a look-alike second user).
     *
     * @return the canonical form, or null for null
     */
    public static String canonicalEmail(String email) {
        if (email == null) {
            return null;
        }
        // Auth.js's order: NFKC first (a full-width @ becomes the one @), lower case, then trim
        return Normalizer.normalize(email, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }

    /**
     * Normalises an email address typed for email sign-in: {@link #canonicalEmail}, then it must be a plain
     * addr-spec, the exact mailbox a mailer sends to: a dot-atom local part (UTF-8 allowed, no quotes), {@code @},
     * a domain of letters, digits and hyphens (or Unicode labels). Refused: a display name, angle brackets, a
     * comment in parentheses, a route, a quoted local part, a domain literal, whitespace or control characters.
     * (Auth.js 0.41.3 refuses only quotes and a second {@code @}, and keeps a domain up to a comma; nodemailer then
     * mails {@code a<victim@example.com>} to {@code victim@example.com}, a second quota for one mailbox.)
     *
     * @throws IllegalArgumentException when the address is missing or malformed; the message never
     *                                  contains the input
     */
    public static String normalizeEmail(String email) {
        String s = canonicalEmail(email);
        if (s == null || s.isEmpty()) {
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
        if (!dotAtom(s.substring(0, at), ATEXT_SYMBOLS) || !domain(s.substring(at + 1))) {
            throw new IllegalArgumentException("the email address contains an invalid character: only a plain address "
                    + "like name@example.com (no name, <>, (), spaces or commas)");
        }
        return s;
    }

    /**
     * The mailbox an address names for counting (rate limits): its domain's Unicode labels as A-labels
     * ({@code bücher.example} and {@code xn--bcher-kva.example} are one mailbox) and without trailing dots. The
     * identifier itself keeps the form Auth.js stores; this is only a key.
     *
     * @param identifier a result of {@link #normalizeEmail}
     */
    public static String mailbox(String identifier) {
        int at = identifier.lastIndexOf('@');
        String domain = identifier.substring(at + 1);
        int end = domain.length();
        while (end > 0 && domain.charAt(end - 1) == '.') {
            end--;
        }
        domain = domain.substring(0, end);
        try {
            domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAnIdn) {
            // a label IDNA refuses: counted as it is
        }
        return identifier.substring(0, at + 1) + domain;
    }

    /** Dot-separated non-empty runs of letters, digits, {@code symbols} and non-ASCII letters or digits. */
    private static boolean dotAtom(String s, String symbols) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            boolean ok = c < 0x80 ? c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || symbols.indexOf(c) >= 0
                    : Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                            || Character.getType(c) == Character.COMBINING_SPACING_MARK;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Labels of letters, digits and inner hyphens; trailing dots are tolerated (the same mailbox). */
    private static boolean domain(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        String labels = s.substring(0, end);
        if (!dotAtom(labels, "-")) {
            return false;
        }
        for (String label : labels.split("\\.")) {
            if (label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
        }
        return true;
    }
}
