package dev.dynauth.bench;

/**
 * One side's timed loops of one operation: how many iterations, how long the loops took (the time between them,
 * spent on the other side or on the pipe to Node, is not counted), what they sent.
 */
record PhaseResult(int iterations, long elapsedNanos, RequestCounter.Counts counts) {

    static final PhaseResult NONE = new PhaseResult(0, 0,
            new RequestCounter.Counts(java.util.Map.of(), 0, 0, 0, 0, 0, 0, java.util.Map.of()));

    /** Both chunks together: iterations, time and counts added up. */
    PhaseResult plus(PhaseResult o) {
        java.util.Map<String, Long> calls = new java.util.TreeMap<>(counts.calls());
        o.counts.calls().forEach((k, v) -> calls.merge(k, v, Long::sum));
        java.util.Map<String, Double> cu = new java.util.TreeMap<>(counts.capacityByApi());
        o.counts.capacityByApi().forEach((k, v) -> cu.merge(k, v, Double::sum));
        RequestCounter.Counts c = new RequestCounter.Counts(calls, counts.attempts() + o.counts.attempts(),
                counts.failed() + o.counts.failed(), counts.capacityResponses() + o.counts.capacityResponses(),
                counts.capacityUnits() + o.counts.capacityUnits(), counts.readUnits() + o.counts.readUnits(),
                counts.writeUnits() + o.counts.writeUnits(), cu);
        return new PhaseResult(iterations + o.iterations, elapsedNanos + o.elapsedNanos, c);
    }

    double opsPerSecond() {
        return elapsedNanos == 0 ? Double.NaN : iterations * 1e9 / elapsedNanos;
    }

    double requestsPerOp() {
        return (double) counts.requests() / iterations;
    }

    /** Capacity units per operation, or NaN when DynamoDB reported none. */
    double capacityPerOp() {
        return counts.capacityResponses() == 0 ? Double.NaN : counts.capacityUnits() / iterations;
    }
}
