package dev.dynauth.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts the DynamoDB requests of one client by API name and sums the capacity units DynamoDB says they
 * consumed: every data request is sent with {@code ReturnConsumedCapacity=TOTAL}. The Node side does the
 * same with client middleware (bench.mjs), so both sides are counted the same way.
 *
 * <p>A call is counted once however many HTTP attempts it took; attempts are counted separately, so
 * retries (there should be none against DynamoDB Local) would show. Used from one thread at a time.
 */
final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, Long> calls = new TreeMap<>();
    private final Map<String, Double> capacityByApi = new TreeMap<>();
    private long attempts;
    private long failed;
    private long capacityResponses;
    private double capacityUnits;
    private double readUnits;
    private double writeUnits;

    @Override
    public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1L, Long::sum);
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        SdkRequest r = context.request();
        if (r instanceof GetItemRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof PutItemRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof UpdateItemRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof DeleteItemRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof QueryRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof ScanRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof BatchGetItemRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof BatchWriteItemRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof TransactGetItemsRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof TransactWriteItemsRequest x) return x.toBuilder().returnConsumedCapacity(total).build();
        return r;
    }

    @Override
    public synchronized void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts++;
    }

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        // ConsumedCapacity is one object on item and query requests, a list on batch and transaction requests.
        Object consumed = response.getValueForField("ConsumedCapacity", Object.class).orElse(null);
        List<?> list = consumed instanceof List<?> l ? l : consumed == null ? List.of() : List.of(consumed);
        if (list.isEmpty()) {
            return;
        }
        capacityResponses++;
        String api = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Object o : list) {
            if (o instanceof ConsumedCapacity c) {
                double units = c.capacityUnits() == null ? 0 : c.capacityUnits();
                capacityUnits += units;
                capacityByApi.merge(api, units, Double::sum);
                readUnits += c.readCapacityUnits() == null ? 0 : c.readCapacityUnits();
                writeUnits += c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits();
            }
        }
    }

    @Override
    public synchronized void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        failed++;
    }

    /** What was counted since the last call, and starts counting afresh. */
    synchronized Counts takeCounts() {
        Counts counts = new Counts(new TreeMap<>(calls), attempts, failed, capacityResponses, capacityUnits,
                readUnits, writeUnits, new TreeMap<>(capacityByApi));
        calls.clear();
        capacityByApi.clear();
        attempts = 0;
        failed = 0;
        capacityResponses = 0;
        capacityUnits = 0;
        readUnits = 0;
        writeUnits = 0;
        return counts;
    }

    /**
     * Requests by API name, HTTP attempts, failed calls, how many responses reported consumed capacity
     * and the capacity units they reported (total, the read and write parts when DynamoDB splits them, and
     * the total by API name).
     */
    record Counts(Map<String, Long> calls, long attempts, long failed, long capacityResponses,
                  double capacityUnits, double readUnits, double writeUnits, Map<String, Double> capacityByApi) {

        long requests() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
