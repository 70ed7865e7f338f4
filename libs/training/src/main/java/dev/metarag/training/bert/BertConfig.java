package dev.metarag.training.bert;

/**
 * The shape of a BERT encoder.
 *
 * @param layers transformer layers
 * @param hidden hidden size
 * @param heads attention heads (hidden must divide by it)
 * @param intermediate feed-forward size
 * @param layerNormEps epsilon of every layer norm
 */
public record BertConfig(int layers, int hidden, int heads, int intermediate, float layerNormEps) {

  /** all-MiniLM-L6-v2. */
  public static final BertConfig MINILM_L6 = new BertConfig(6, 384, 12, 1536, 1e-12f);

  public int headSize() {
    return hidden / heads;
  }
}
