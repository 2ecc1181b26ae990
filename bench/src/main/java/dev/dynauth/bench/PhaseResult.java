package dev.dynauth.bench;

/** One side's timed loop of one operation: how many iterations, how long the loop took, what it sent. */
record PhaseResult(int iterations, long elapsedNanos, RequestCounter.Counts counts) {

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
