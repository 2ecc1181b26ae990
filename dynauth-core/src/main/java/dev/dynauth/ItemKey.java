package dev.dynauth;

/**
 * The key of one item. {@link #toString()} masks session tokens, verification tokens and passkey ids, so a key
 * can be printed; the components themselves are exact (repairs need them).
 */
public record ItemKey(String partition, String sort) {

    /** The key for display: secrets in it shortened to a recognisable stub. */
    public String masked() {
        return mask(partition) + " / " + mask(sort);
    }

    @Override
    public String toString() {
        return masked();
    }

    static String mask(String key) {
        if (key == null) {
            return null;
        }
        for (String prefix : new String[] {Keys.SESSION, Keys.VT}) {
            if (key.startsWith(prefix) && !key.contains("@")) {
                String secret = key.substring(prefix.length());
                return prefix + (secret.length() <= 8 ? "…" : secret.substring(0, 4) + "…" + secret.substring(secret.length() - 2));
            }
        }
        return key;
    }
}
