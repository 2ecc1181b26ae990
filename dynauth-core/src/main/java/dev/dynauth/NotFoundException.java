package dev.dynauth;

/** An update named something that does not exist; nothing was written. */
public class NotFoundException extends AdapterException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }
}
