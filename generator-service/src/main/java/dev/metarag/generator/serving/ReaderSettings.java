package dev.metarag.generator.serving;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a version's reader was trained to read: question and pair lengths in word pieces and the
 * temperature of the retrieval score in the passage prior (manifest object {@code reader}).
 */
public record ReaderSettings(int maxPairTokens, int maxQuestionTokens, float temperature) {
  /** What training writes for MiniLM (RagModelSetup), used for the in-memory base model too. */
  public static final ReaderSettings TRAINING_DEFAULTS = new ReaderSettings(256, 48, 0.05f);

  /** The manifest's settings, each missing one taken from the training defaults. */
  public static ReaderSettings of(JsonNode reader) {
    return new ReaderSettings(
        reader.path("max_pair_tokens").asInt(TRAINING_DEFAULTS.maxPairTokens),
        reader.path("max_question_tokens").asInt(TRAINING_DEFAULTS.maxQuestionTokens),
        (float) reader.path("temperature").asDouble(TRAINING_DEFAULTS.temperature));
  }
}
