package dev.metarag.inference.encoder;

import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.util.List;

/** Turns texts into L2-normalised sentence embeddings. Implementations are thread-safe. */
public interface SentenceEncoder extends AutoCloseable {

  EncoderDescriptor descriptor();

  /** The tokenizer whose pieces the model reads; chunking uses it to size passages. */
  WordPieceTokenizer tokenizer();

  /** Embeds texts in one or more batches; the result is in the order of {@code texts}. */
  float[][] embed(List<String> texts);

  default float[] embed(String text) {
    return embed(List.of(text))[0];
  }

  default int dimension() {
    return descriptor().dimension();
  }

  /** Frees native resources; the encoder must not be used afterwards. */
  @Override
  void close();
}
