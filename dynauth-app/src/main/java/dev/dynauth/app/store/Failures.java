package dev.dynauth.app.store;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** What went wrong, in one line for the terminal: every command's error message, and the ones that wrap another. */
public final class Failures {

    private Failures() {
    }

    /** One line that says what went wrong, never a token. */
    public static String message(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        if (ex instanceof ResourceNotFoundException) {
            return "the table does not exist (create it with: dynauth table create)";
        }
        if (ex instanceof DynamoDbException d) {
            String m = d.awsErrorDetails() != null ? d.awsErrorDetails().errorMessage() : d.getMessage();
            String code = d.awsErrorDetails() != null ? d.awsErrorDetails().errorCode() : null;
            return "DynamoDB refused the request" + (code != null ? " (" + code + ")" : "") + ": " + firstLine(m);
        }
        if (ex instanceof SdkClientException) {
            return "cannot use DynamoDB: " + firstLine(ex.getMessage());
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m))
                + " (run with --verbose for details)";
    }

    /**
     * The first line of a message (never the rest, where stack-like details go). Here rather than beside the
     * JSON code: a usage error must not pay for building Jackson's mapper.
     */
    public static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
