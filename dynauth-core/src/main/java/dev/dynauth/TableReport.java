package dev.dynauth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What {@link TableChecker#check()} found: how many items it read and every violation, grouped by kind in order. */
public record TableReport(long scanned, List<Violation> violations) {
    public TableReport {
        violations = List.copyOf(violations);
    }

    public boolean clean() {
        return violations.isEmpty();
    }

    public long count(ViolationKind kind) {
        return violations.stream().filter(v -> v.kind() == kind).count();
    }

    /** Counts by kind, kinds without violations left out, in the order of {@link ViolationKind}. */
    public Map<ViolationKind, Long> counts() {
        Map<ViolationKind, Long> m = new EnumMap<>(ViolationKind.class);
        violations.forEach(v -> m.merge(v.kind(), 1L, Long::sum));
        return m;
    }

    public List<Violation> of(ViolationKind kind) {
        return violations.stream().filter(v -> v.kind() == kind).toList();
    }
}
