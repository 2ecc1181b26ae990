package dev.dynauth;

/** Another user already has this email; nothing was written. */
public class EmailAlreadyInUseException extends ConflictException {
    private static final long serialVersionUID = 1L;

    public EmailAlreadyInUseException(String email) {
        super("another user already has the email " + email);
    }
}
