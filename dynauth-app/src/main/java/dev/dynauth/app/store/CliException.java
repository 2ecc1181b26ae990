package dev.dynauth.app.store;

/** A failure the user can act on: printed as one line, exits with {@link #exitCode()}. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliException(String message) {
        this(message, 1);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = 1;
    }

    public int exitCode() {
        return exitCode;
    }
}
