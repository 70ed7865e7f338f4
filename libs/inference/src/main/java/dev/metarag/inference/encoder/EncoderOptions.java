package dev.metarag.inference.encoder;

/**
 * How an encoder runs.
 *
 * @param intraOpThreads threads ONNX Runtime may use inside one inference call
 * @param maxTokens longest input in tokens, including [CLS] and [SEP]; longer texts are truncated
 * @param batchSize texts per inference call when embedding many
 */
public record EncoderOptions(int intraOpThreads, int maxTokens, int batchSize) {

  /** One thread, 256 tokens (MiniLM's training length), batches of 32. */
  public static EncoderOptions defaults() {
    return new EncoderOptions(1, 256, 32);
  }

  public EncoderOptions {
    if (intraOpThreads < 1 || maxTokens < 3 || batchSize < 1) {
      throw new IllegalArgumentException(
          "encoder options out of range: threads "
              + intraOpThreads
              + ", maxTokens "
              + maxTokens
              + ", batchSize "
              + batchSize);
    }
  }
}
