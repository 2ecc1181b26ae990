package dev.dynauth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Repairs what {@link TableChecker} reported. Every repair re-reads its item, checks it still shows the violation,
 * and is one conditional write (or one transaction) that does nothing if the item changed since, so it is safe
 * beside live traffic, idempotent, and an interrupted repair is resumed by checking and repairing again (a merge
 * records its intent first: see {@link #plan}). Ambiguous violations (duplicate users, an account linked twice) are
 * left alone unless {@link Builder#mergeDuplicates} is set.
 *
 * <p>Order, so that no repair blocks another: unfinished merges first (they were started before anything else of
 * this run), then deletes of what nobody reads (stubs, orphans, stale claims, consumed and expired items), then
 * in-place fixes (index keys, ISO expiries), then merges, then missing claims (a merged user's claim is written for
 * the user that stays). A repair that fails is reported in {@link Result#failures()} and the run goes on.
 */
public final class TableRepair {

    /**
     * What a run did: {@code fixed}; {@code skipped} (the item changed since it was read: check again); {@code left}
     * (needs a policy or a person); {@code failures}, repairs DynamoDB refused for another reason, each skipped.
     */
    public record Result(int fixed, int skipped, int left, List<Failure> failures) {
        public Result {
            failures = List.copyOf(failures);
        }
    }

    /** A repair that failed (not a changed item): the violation and why, in words without values from the item. */
    public record Failure(Violation violation, String reason) {}

    /**
     * What {@code --merge-duplicates} will do with one group of users, told before it runs: the user kept, the users
     * merged into it, and the merged users' emails that differ from the kept one's. Those emails are dropped: an
     * Auth.js user has one email, so after the merge they sign in to no one (a magic link to one of them creates a
     * new user). Keep them reachable by changing the kept user's email first, or by not merging.
     */
    public record MergePlan(String keptUserId, String keptEmail, List<String> mergedUserIds, List<String> droppedEmails) {
        public MergePlan {
            mergedUserIds = List.copyOf(mergedUserIds);
            droppedEmails = List.copyOf(droppedEmails);
        }
    }

    private static final List<ViolationKind> ORDER = List.of(ViolationKind.UNFINISHED_MERGE,
            ViolationKind.STUB_ITEM, ViolationKind.ORPHAN, ViolationKind.STALE_CLAIM, ViolationKind.CONSUMED_TOKEN,
            ViolationKind.EXPIRED, ViolationKind.UNDEFINED_INDEX_KEY, ViolationKind.STALE_INDEX_KEY,
            ViolationKind.ISO_EXPIRES);

    private final ItemRepairs items;
    private final UserMerge merges;
    private final boolean merge;
    private final Consumer<Violation> onEach;

    private TableRepair(Builder b) {
        Table t = new Table(b.client, b.options, b.clock, true, 8);
        this.items = new ItemRepairs(t, b.clock);
        this.merges = new UserMerge(t);
        this.merge = b.merge;
        this.onEach = b.onEach;
    }

    public static Builder builder(DynamoDbClient client) {
        return new Builder(client);
    }

    /** What merging the report's duplicate users would do, group by group (reads the users; writes nothing). */
    public List<MergePlan> plan(TableReport report) {
        List<MergePlan> plans = new ArrayList<>();
        for (List<String> group : UserMerge.duplicateGroups(report)) {
            merges.plan(group).ifPresent(p -> plans.add(p.describe()));
        }
        return plans;
    }

    /** Applies the repair of every violation it may fix, in the order above. */
    public Result fix(TableReport report) {
        Tally tally = new Tally();
        for (ViolationKind kind : ORDER) {
            for (Violation v : report.of(kind)) {
                onEach.accept(v);
                tally.add(v, () -> kind == ViolationKind.UNFINISHED_MERGE
                        ? merges.resume(v.items().get(0)) : items.fix(kind, v.items().get(0)));
            }
        }
        List<Violation> ambiguous = report.violations().stream().filter(v -> v.kind().ambiguous()).toList();
        ambiguous.forEach(onEach);
        if (merge) {
            for (List<String> group : UserMerge.duplicateGroups(report)) {
                Violation about = ambiguous.stream().filter(v -> v.items().stream()
                        .anyMatch(k -> group.contains(k.partition().substring(Keys.USER.length())))).findFirst().orElseThrow();
                tally.add(about, () -> merges.plan(group).map(merges::merge).orElse(false));
            }
        } else {
            tally.left += ambiguous.size();
        }
        for (Violation v : report.of(ViolationKind.MISSING_CLAIM)) {
            onEach.accept(v);
            tally.add(v, () -> items.fix(v.kind(), v.items().get(0)));
        }
        for (Violation v : report.violations()) {
            if (!v.kind().fixable() && !v.kind().ambiguous()) {
                onEach.accept(v);
                tally.left++;
            }
        }
        return new Result(tally.fixed, tally.skipped, tally.left, tally.failures);
    }

    /** Runs one write; false when DynamoDB refused it because the item changed since it was read. */
    static boolean unlessChanged(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException | TransactionCanceledException changed) {
            return false;
        }
    }

    private static final class Tally {
        int fixed;
        int skipped;
        int left;
        final List<Failure> failures = new ArrayList<>();

        /** One repair: done, changed meanwhile, or failed (reported; the run goes on). */
        void add(Violation v, BooleanSupplier repair) {
            boolean[] done = {false};
            try {
                if (unlessChanged(() -> done[0] = repair.getAsBoolean()) && done[0]) {
                    fixed++;
                } else {
                    skipped++;
                }
            } catch (RuntimeException e) {
                failures.add(new Failure(v, e.getClass().getSimpleName() + Optional.ofNullable(e.getMessage())
                        .map(m -> ": " + m.lines().findFirst().orElse("")).orElse("")));
            }
        }
    }

    /** Builds a {@link TableRepair}. */
    public static final class Builder {
        private final DynamoDbClient client;
        private TableOptions options = TableOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private boolean merge;
        private Consumer<Violation> onEach = v -> {};

        private Builder(DynamoDbClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        public Builder options(TableOptions options) { this.options = Objects.requireNonNull(options); return this; }
        /** Decides what has expired when a repair re-reads an item. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock); return this; }
        /** Merge users that share an email or a provider account: keep the oldest, move the others' items to it, delete them. */
        public Builder mergeDuplicates(boolean merge) { this.merge = merge; return this; }
        /** Called before each violation is handled (for progress). */
        public Builder progress(Consumer<Violation> onEach) { this.onEach = Objects.requireNonNull(onEach); return this; }

        public TableRepair build() { return new TableRepair(this); }
    }
}
