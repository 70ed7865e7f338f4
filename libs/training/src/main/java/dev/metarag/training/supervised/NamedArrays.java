package dev.metarag.training.supervised;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named arrays in a file of DJL's NDList encoding, flushed to disk when written: the one way
 * training checkpoints store parameters and optimiser state.
 */
public final class NamedArrays {
  private NamedArrays() {}

  /** Writes nothing for an empty map (DJL cannot decode an empty list); read treats it as empty. */
  public static void write(Map<String, NDArray> arrays, Path file) throws IOException {
    if (arrays.isEmpty()) {
      return;
    }
    NDList list = new NDList();
    arrays.forEach(
        (name, a) -> {
          a.setName(name);
          list.add(a);
        });
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      list.encode(out);
    }
    flush(file);
  }

  /** The arrays of a file {@link #write} wrote, in order, owned by {@code manager}. */
  public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return arrays;
    }
    NDList list;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      list = NDList.decode(manager, in);
    }
    for (NDArray a : list) {
      if (a.getName() == null) {
        throw new IOException(file.getFileName() + ": array without a name");
      }
      arrays.put(a.getName(), a);
    }
    return arrays;
  }

  /** Forces a file's content to disk. */
  public static void flush(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }
}
