package io.watchword.events.v1;

/**
 * The next offset a reader will read on one partition: every record of that partition below
 * {@code offset} has been applied.
 */
public record PartitionOffset(int partition, long offset) {}
