package dev.dynauth;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Wraps the client so that every failure the caller can cure by retrying (timeouts, throttling, DynamoDB's 5xx,
 * after the SDK's own retries) surfaces as {@link RetryableException}: one typed answer to "may I retry?". A
 * proxy, so every client method, including ones added later, goes through it unchanged otherwise.
 */
final class TransientFailures {
    private TransientFailures() {}

    static DynamoDbClient wrap(DynamoDbClient client) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "retry-typed " + client;
                };
            }
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SdkException s && retryable(s)) {
                    throw new RetryableException("DynamoDB did not complete the request (" + kind(s)
                            + "); the outcome is unknown and the call may be retried", s);
                }
                throw cause;
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, h);
    }

    static boolean retryable(SdkException e) {
        if (e instanceof SdkClientException) {
            return true; // timeouts, connection failures: nothing DynamoDB refused
        }
        if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException
                || e instanceof InternalServerErrorException || e instanceof TransactionInProgressException) {
            return true;
        }
        if (e instanceof DynamoDbException d) {
            String code = d.awsErrorDetails() == null ? null : d.awsErrorDetails().errorCode();
            return d.statusCode() >= 500 || "ThrottlingException".equals(code);
        }
        return false;
    }

    private static String kind(SdkException e) {
        if (e instanceof DynamoDbException d && d.awsErrorDetails() != null && d.awsErrorDetails().errorCode() != null) {
            return d.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }
}
