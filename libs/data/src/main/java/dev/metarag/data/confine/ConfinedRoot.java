package dev.metarag.data.confine;

import java.nio.file.Path;

/**
 * A directory that callers' paths may point into, with the setting that configures it: messages
 * name the setting, never the directory, so a caller learns what to change without learning the
 * server's layout.
 *
 * @param setting the configuration key, for example {@code metarag.adapter.data-root}
 * @param directory the directory as configured (relative ones resolve against the working
 *     directory)
 */
public record ConfinedRoot(String setting, Path directory) {}
