package dev.metarag.training.supervised;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.RagParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parameter checkpoints, written atomically (write, flush, rename) and read back by name. */
public final class Checkpoints {
  private Checkpoints() {}

  public static void save(RagParameters params, Path file) throws IOException {
    byte[] encoded = encode(params);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(tmp, encoded);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The parameters in DJL's NDList encoding, each array named as in {@link RagParameters}. */
  public static byte[] encode(RagParameters params) {
    return encode(params.asMap());
  }

  /** Named arrays in DJL's NDList encoding, each array carrying its name (which this sets). */
  public static byte[] encode(Map<String, NDArray> arrays) {
    long bytes = 0;
    for (NDArray a : arrays.values()) {
      bytes += a.size() * a.getDataType().getNumOfBytes() + PER_ARRAY_BYTES;
    }
    // Sized up front: growing a buffer to hundreds of MB copies it again and again.
    PresizedBuffer out = new PresizedBuffer((int) Math.min(bytes + 1024, Integer.MAX_VALUE - 8));
    try {
      encode(arrays, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.bytes();
  }

  /** {@link #encode(Map)} written to {@code out}, for files too large to build in memory first. */
  public static void encode(Map<String, NDArray> arrays, OutputStream out) throws IOException {
    NDList list = new NDList();
    arrays.forEach(
        (name, a) -> {
          a.setName(name);
          list.add(a);
        });
    list.encode(out);
  }

  /** Room for an array's name, type and shape in the encoding, beyond its values. */
  private static final int PER_ARRAY_BYTES = 256;

  /** A byte buffer that hands over its array without a copy when the size guess was exact. */
  private static final class PresizedBuffer extends ByteArrayOutputStream {
    PresizedBuffer(int size) {
      super(size);
    }

    byte[] bytes() {
      return count == buf.length ? buf : Arrays.copyOf(buf, count);
    }
  }

  /** The named arrays of an {@link #encode}d list, in order, owned by {@code manager}. */
  public static Map<String, NDArray> decode(byte[] encoded, NDManager manager) throws IOException {
    NDList list = NDList.decode(manager, encoded);
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    for (NDArray a : list) {
      if (a.getName() == null) {
        list.close();
        throw new IOException("an encoded array has no name");
      }
      arrays.put(a.getName(), a);
    }
    return arrays;
  }

  public static RagParameters load(Path file, NDManager manager) throws IOException {
    byte[] encoded = Files.readAllBytes(file);
    try {
      return new RagParameters(decode(encoded, manager));
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
