package dev.metarag.registry;

import java.nio.file.Path;

/**
 * A file of the registry cannot be understood: a domain state file or a package manifest that is
 * not valid JSON or contradicts itself. Not the caller's fault; an operator has to repair or remove
 * the file, which the message names.
 */
public class CorruptRegistryException extends RuntimeException {
  private final Path file;

  public CorruptRegistryException(Path file, String problem) {
    super("registry file " + file + " " + problem);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
