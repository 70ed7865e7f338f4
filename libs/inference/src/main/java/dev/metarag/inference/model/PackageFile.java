package dev.metarag.inference.model;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The content of one file of a model package, written by {@link ModelPackageWriter} into the
 * package's staging directory. Content made on the fly (a parameter encoding of hundreds of MB) is
 * streamed to disk and hashed on the way, instead of being built in memory first.
 */
@FunctionalInterface
public interface PackageFile {
  /** Writes the content; called once. */
  void writeTo(OutputStream out) throws IOException;

  /** Content already in memory. */
  static PackageFile of(byte[] content) {
    return out -> out.write(content);
  }
}
