package dev.metarag.registry;

/**
 * @param deleted the version as it was before deletion (its package directory no longer exists)
 * @param bytesFreed size of the files deleted
 */
public record DeleteResult(RegisteredVersion deleted, long bytesFreed) {}
