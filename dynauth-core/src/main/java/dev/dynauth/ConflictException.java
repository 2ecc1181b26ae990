package dev.dynauth;

/** A write would break a uniqueness rule (an id, email or provider account already taken); nothing was written. */
public class ConflictException extends AdapterException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
