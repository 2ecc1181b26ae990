package dev.dynauth;

/**
 * Counters of {@link DynamoDbAdapter}'s map of session token to owner, kept for tokens that do not carry their owner
 * (Auth.js's UUIDs; see {@link DynamoDbAdapter.Builder#sessionOwnerCacheSize}). Self-locating tokens never use it.
 *
 * @param capacity  most tokens remembered (0: off)
 * @param size      tokens remembered now
 * @param hits      lookups that found the owner, so the session was read by key in one request
 * @param misses    lookups that did not, so the session was found through the index
 * @param evictions tokens dropped to stay within the capacity
 */
public record SessionOwnerCacheStats(int capacity, long size, long hits, long misses, long evictions) {}
