package dev.dynauth;

/**
 * {@code updateAuthenticatorCounter} was given a signature counter that does not increase the stored one: per
 * WebAuthn a sign of a cloned authenticator. Nothing was written; do not retry, refuse the sign-in.
 */
public class CounterRegressionException extends AdapterException {
    private static final long serialVersionUID = 1L;

    public CounterRegressionException(String message) {
        super(message);
    }
}
