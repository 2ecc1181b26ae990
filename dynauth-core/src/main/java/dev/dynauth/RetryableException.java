package dev.dynauth;

/**
 * DynamoDB did not answer in time, throttled the request or failed on its side (a 5xx), after the AWS SDK's own
 * retries. The call may or may not have taken effect; calling it again with the same arguments is safe: every
 * write of the adapter recognises its own earlier write (a retried {@code createUser} or {@code createSession}
 * returns as if the first had answered). One exception: a retried {@code useVerificationToken} whose first
 * attempt consumed the token returns empty, so the token is never usable twice.
 */
public class RetryableException extends AdapterException {
    private static final long serialVersionUID = 1L;

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
