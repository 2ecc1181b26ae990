package dev.dynauth;

/** Base of every error dynauth raises on purpose. Messages never contain tokens or secrets. */
public class AdapterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdapterException(String message) {
        super(message);
    }

    public AdapterException(String message, Throwable cause) {
        super(message, cause);
    }
}
