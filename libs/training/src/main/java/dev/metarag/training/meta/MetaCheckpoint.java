package dev.metarag.training.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.inference.files.Directories;
import dev.metarag.training.supervised.NamedArrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * A meta-learner's complete state in a directory: parameters, Meta-SGD's inner rates, Adam's
 * moments and the step count, each array under its name.
 *
 * <p>Written atomically: everything goes into a fresh sibling directory, is flushed to disk, and is
 * renamed into place. An existing checkpoint is first renamed to {@code <name>.previous} and
 * deleted once the new one is in place, so a crash between the two renames leaves the previous
 * checkpoint, which {@link #read} falls back to.
 */
final class MetaCheckpoint {
  private static final String PARAMETERS = "parameters.ndlist";
  private static final String LEARNING_RATES = "inner-learning-rates.ndlist";
  private static final String FIRST_MOMENTS = "adam-first-moments.ndlist";
  private static final String SECOND_MOMENTS = "adam-second-moments.ndlist";
  private static final String STATE = "state.properties";
  private static final String FORMAT = "metarag-meta-checkpoint-1";

  private MetaCheckpoint() {}

  /**
   * What a checkpoint holds.
   *
   * @param algorithm the algorithm that wrote it (informative: a run may switch algorithms)
   * @param steps completed meta-steps, which is also Adam's step count
   * @param learningRates Meta-SGD's learned inner rates by parameter name; empty otherwise
   * @param firstMoments Adam's first moments by optimiser key
   * @param secondMoments Adam's second moments by optimiser key
   */
  record Contents(
      MetaAlgorithm algorithm,
      int steps,
      Map<String, NDArray> parameters,
      Map<String, NDArray> learningRates,
      Map<String, NDArray> firstMoments,
      Map<String, NDArray> secondMoments) {}

  static void write(Contents contents, Path directory) throws IOException {
    Path target = directory.toAbsolutePath().normalize();
    Files.createDirectories(target.getParent());
    Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
    try {
      writeArrays(contents.parameters(), staging.resolve(PARAMETERS));
      writeArrays(contents.learningRates(), staging.resolve(LEARNING_RATES));
      writeArrays(contents.firstMoments(), staging.resolve(FIRST_MOMENTS));
      writeArrays(contents.secondMoments(), staging.resolve(SECOND_MOMENTS));
      Properties state = new Properties();
      state.setProperty("format", FORMAT);
      state.setProperty("algorithm", contents.algorithm().name());
      state.setProperty("steps", Integer.toString(contents.steps()));
      try (OutputStream out = Files.newOutputStream(staging.resolve(STATE))) {
        state.store(out, "meta-learner state");
      }
      flush(staging.resolve(STATE));
      install(staging, target);
    } catch (IOException | RuntimeException e) {
      Directories.deleteRecursively(staging);
      throw e;
    }
  }

  static Contents read(Path directory, NDManager manager) throws IOException {
    Path source = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(source)) {
      Path previous = previousOf(source);
      if (!Files.isDirectory(previous)) {
        throw new NoSuchFileException(source.toString(), null, "no meta-learner checkpoint");
      }
      source = previous;
    }
    Properties state = new Properties();
    try (InputStream in = Files.newInputStream(source.resolve(STATE))) {
      state.load(in);
    }
    if (!FORMAT.equals(state.getProperty("format"))) {
      throw new IOException(source + ": not a meta-learner checkpoint of a known format");
    }
    return new Contents(
        MetaAlgorithm.valueOf(state.getProperty("algorithm")),
        Integer.parseInt(state.getProperty("steps")),
        readArrays(source.resolve(PARAMETERS), manager),
        readArrays(source.resolve(LEARNING_RATES), manager),
        readArrays(source.resolve(FIRST_MOMENTS), manager),
        readArrays(source.resolve(SECOND_MOMENTS), manager));
  }

  private static void install(Path staging, Path target) throws IOException {
    Path previous = previousOf(target);
    Directories.deleteRecursively(previous);
    if (Files.exists(target)) {
      Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    Directories.deleteRecursively(previous);
  }

  private static Path previousOf(Path target) {
    return target.resolveSibling(target.getFileName() + ".previous");
  }

  private static void writeArrays(Map<String, NDArray> arrays, Path file) throws IOException {
    NamedArrays.write(arrays, file);
  }

  private static Map<String, NDArray> readArrays(Path file, NDManager manager) throws IOException {
    return NamedArrays.read(file, manager);
  }

  private static void flush(Path file) throws IOException {
    NamedArrays.flush(file);
  }
}
