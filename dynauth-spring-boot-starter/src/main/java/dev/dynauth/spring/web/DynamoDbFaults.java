package dev.dynauth.spring.web;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Which failures mean "DynamoDB cannot be reached right now" (a 503), as opposed to a bug or a misconfiguration. */
public final class DynamoDbFaults {
    private DynamoDbFaults() {}

    /**
     * True when {@code t} (or a cause) is the SDK failing to get an answer (timeouts, refused or reset
     * connections, unknown hosts: {@link SdkClientException}), or DynamoDB answering that it is overloaded or
     * failing (throttling, 5xx).
     */
    public static boolean unavailable(Throwable t) {
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof SdkClientException) {
                return true;
            }
            if (t instanceof SdkServiceException s && (s.isThrottlingException() || s.statusCode() >= 500)) {
                return true;
            }
        }
        return false;
    }
}
