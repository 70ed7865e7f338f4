package dev.metarag.training.supervised;

import ai.djl.ndarray.NDManager;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.RagTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A supervised run's complete state in a directory: parameters, Adam's moments and the steps taken,
 * each file flushed to disk. The caller makes the directory appear atomically (the worker writes it
 * under a staging name and renames it).
 */
public final class TrainerCheckpoint {
  private static final String PARAMETERS = "parameters.ndlist";
  private static final String FIRST_MOMENTS = "adam-first-moments.ndlist";
  private static final String SECOND_MOMENTS = "adam-second-moments.ndlist";
  private static final String STATE = "state.properties";
  private static final String FORMAT = "metarag-supervised-checkpoint-1";

  private TrainerCheckpoint() {}

  /**
   * What a checkpoint holds.
   *
   * @param step the training steps completed
   */
  public record Contents(long step, RagParameters parameters, RagTrainer.AdamState optimiser) {}

  public static void write(
      Path directory, long step, RagParameters params, RagTrainer.AdamState optimiser)
      throws IOException {
    Files.createDirectories(directory);
    NamedArrays.write(params.asMap(), directory.resolve(PARAMETERS));
    NamedArrays.write(optimiser.firstMoments(), directory.resolve(FIRST_MOMENTS));
    NamedArrays.write(optimiser.secondMoments(), directory.resolve(SECOND_MOMENTS));
    Properties state = new Properties();
    state.setProperty("format", FORMAT);
    state.setProperty("step", Long.toString(step));
    state.setProperty("adam_steps", Integer.toString(optimiser.steps()));
    try (OutputStream out = Files.newOutputStream(directory.resolve(STATE))) {
      state.store(out, "supervised training state");
    }
    NamedArrays.flush(directory.resolve(STATE));
  }

  /** Whether a directory holds a checkpoint of this kind (a meta-learner's is another). */
  public static boolean isOne(Path directory) {
    return Files.isRegularFile(directory.resolve(STATE))
        && Files.isRegularFile(directory.resolve(PARAMETERS));
  }

  public static Contents read(Path directory, NDManager manager) throws IOException {
    Properties state = new Properties();
    try (InputStream in = Files.newInputStream(directory.resolve(STATE))) {
      state.load(in);
    }
    if (!FORMAT.equals(state.getProperty("format"))) {
      throw new IOException(
          directory.getFileName() + ": not a supervised training checkpoint of a known format");
    }
    return new Contents(
        Long.parseLong(state.getProperty("step")),
        new RagParameters(NamedArrays.read(directory.resolve(PARAMETERS), manager)),
        new RagTrainer.AdamState(
            Integer.parseInt(state.getProperty("adam_steps")),
            NamedArrays.read(directory.resolve(FIRST_MOMENTS), manager),
            NamedArrays.read(directory.resolve(SECOND_MOMENTS), manager)));
  }
}
