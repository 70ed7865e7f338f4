package dev.metarag.inference.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.files.Directories;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes a model package atomically: every file goes into a staging directory beside the target, is
 * flushed to disk, and the directory is renamed into place only when complete. Readers see either
 * no package or a whole one, even after a crash.
 */
public final class ModelPackageWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelPackageWriter() {}

  /**
   * @param target the package directory to create; it must not exist
   * @param files file name to content (ONNX files, tokenizer)
   * @param manifest name, version, settings, lineage and metrics; the file checksums are added
   */
  public static ModelPackage write(Path target, Map<String, byte[]> files, ObjectNode manifest)
      throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "a model package exists there");
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path staging = parent.resolve(".staging-" + target.getFileName() + "-" + System.nanoTime());
    Files.createDirectories(staging);
    try {
      ObjectNode sums = manifest.putObject("files");
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path file = staging.resolve(f.getKey());
        writeDurably(file, f.getValue());
        // Hashed from the bytes just written, not read back: a package is hundreds of MB.
        sums.put(f.getKey(), ModelPackage.sha256(f.getValue()));
      }
      writeDurably(staging.resolve(ModelPackage.MANIFEST), JSON.writeValueAsBytes(manifest));
      sync(staging);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      sync(parent);
    } catch (IOException | RuntimeException e) {
      Directories.deleteRecursively(staging);
      throw e;
    }
    // The files were just written and flushed from these bytes: no need to hash them again.
    return new ModelPackage(target, manifest);
  }

  private static void writeDurably(Path file, byte[] content) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  private static void sync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
