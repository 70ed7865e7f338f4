package dev.metarag.inference.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.files.StagingDirectory;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a model package atomically: every file goes into a staging directory beside the target, is
 * flushed to disk, and the directory is renamed into place only when complete. Readers see either
 * no package or a whole one, even after a crash; the staging directory a crash leaves is locked by
 * nobody, so {@link StagingDirectory#removeAbandoned} removes it.
 */
public final class ModelPackageWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Prefix of a package being written: a dot name, which registry listings skip, beside the
   * package's place ({@code .staging-<version>-<n>}, locked by {@code
   * .staging-<version>-<n>.lock}).
   */
  public static final String STAGING_PREFIX = ".staging-";

  private ModelPackageWriter() {}

  /**
   * @param target the package directory to create; it must not exist
   * @param files file name to content (ONNX files, tokenizer)
   * @param manifest name, version, settings, lineage and metrics; the file checksums are added
   */
  public static ModelPackage write(Path target, Map<String, byte[]> files, ObjectNode manifest)
      throws IOException {
    Map<String, PackageFile> contents = new LinkedHashMap<>();
    files.forEach((name, bytes) -> contents.put(name, PackageFile.of(bytes)));
    return writeFiles(target, contents, manifest);
  }

  /**
   * {@link #write}, with contents that write themselves (streamed to disk and hashed on the way).
   *
   * @param files file name to content, in manifest order
   */
  public static ModelPackage writeFiles(
      Path target, Map<String, PackageFile> files, ObjectNode manifest) throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "a model package exists there");
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Locked while it is written, so that a service starting meanwhile leaves it alone and one
    // starting after a crash removes it (StagingDirectory.removeAbandoned).
    try (StagingDirectory staging =
        StagingDirectory.create(parent, STAGING_PREFIX, target.getFileName().toString())) {
      Path dir = staging.path();
      // Files are written and hashed in parallel: hashing hundreds of MB is most of the time.
      Map<String, String> digests = new ConcurrentHashMap<>();
      try {
        files.entrySet().parallelStream()
            .forEach(
                f -> {
                  try {
                    // Hashed from the bytes as they are written, not read back.
                    digests.put(f.getKey(), writeDurably(dir.resolve(f.getKey()), f.getValue()));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      ObjectNode sums = manifest.putObject("files");
      files.keySet().forEach(name -> sums.put(name, digests.get(name)));
      writeDurably(
          dir.resolve(ModelPackage.MANIFEST), PackageFile.of(JSON.writeValueAsBytes(manifest)));
      sync(dir);
      staging.commitTo(target);
    }
    // The files were just written and flushed from these bytes: no need to hash them again.
    return new ModelPackage(target, manifest);
  }

  /** Writes the file, flushes it to disk and returns the SHA-256 of what was written. */
  private static String writeDurably(Path file, PackageFile content) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out =
          new DigestOutputStream(
              new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20), sha256);
      content.writeTo(out);
      out.flush();
      ch.force(true);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private static void sync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
