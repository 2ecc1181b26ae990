package dev.dynauth;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One violation: its kind, what is wrong in words (never a token), the items involved, and for expired items how
 * long ago they expired ({@code null} otherwise).
 */
public record Violation(ViolationKind kind, String detail, List<ItemKey> items, Duration age) {
    public Violation {
        Objects.requireNonNull(kind, "kind");
        items = List.copyOf(items);
    }

    @Override
    public String toString() {
        return kind + ": " + detail + " " + items;
    }
}
