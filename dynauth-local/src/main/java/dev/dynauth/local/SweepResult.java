package dev.dynauth.local;

/**
 * What one {@link ExpirySweeper} pass did.
 *
 * @param scanned items read from the table
 * @param expired items found expired
 * @param deleted items deleted; less than {@code expired} when an item was extended or removed meanwhile, and
 *                always 0 in a dry run
 * @param dryRun  whether this was a dry run, which deletes nothing
 */
public record SweepResult(long scanned, long expired, long deleted, boolean dryRun) {}
