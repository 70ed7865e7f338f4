package dev.metarag.training.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;

/**
 * BERT's forward pass as a function of explicit parameters, matching the exported graph that ONNX
 * Runtime serves (post-norm layers, exact GELU, additive attention mask of the float minimum).
 */
public final class FunctionalBert {
  /** What the exported graph adds to attention scores of padding tokens. */
  static final float MASK_FILL = -3.4028234663852886e38f;

  private final BertConfig config;

  public FunctionalBert(BertConfig config) {
    this.config = config;
  }

  public BertConfig config() {
    return config;
  }

  /**
   * Hidden states of every token.
   *
   * @param inputIds int64 [B, T]
   * @param attentionMask int64 [B, T], 1 for real tokens
   * @param tokenTypes int64 [B, T]
   * @return float32 [B, T, hidden]
   */
  public NDArray forward(
      BertParameters p, NDArray inputIds, NDArray attentionMask, NDArray tokenTypes) {
    long batch = inputIds.getShape().get(0);
    long length = inputIds.getShape().get(1);
    NDArray positions =
        inputIds
            .getManager()
            .arange(0, (int) length, 1, DataType.INT64)
            .expandDims(0)
            .repeat(0, batch);
    NDArray x =
        lookup(inputIds, p.get("embeddings.word_embeddings.weight"))
            .add(lookup(tokenTypes, p.get("embeddings.token_type_embeddings.weight")))
            .add(lookup(positions, p.get("embeddings.position_embeddings.weight")));
    x = norm(x, p, "embeddings.LayerNorm");
    // [B, 1, 1, T]: 0 where attended, the float minimum at padding.
    NDArray maskBias =
        attentionMask
            .toType(DataType.FLOAT32, false)
            .neg()
            .add(1f)
            .mul(MASK_FILL)
            .reshape(batch, 1, 1, length);
    for (int layer = 0; layer < config.layers(); layer++) {
      x = layer(x, maskBias, p, "encoder.layer." + layer + ".");
    }
    return x;
  }

  private NDArray layer(NDArray x, NDArray maskBias, BertParameters p, String prefix) {
    long batch = x.getShape().get(0);
    long length = x.getShape().get(1);
    int heads = config.heads();
    int headSize = config.headSize();
    NDArray q = heads(linear(x, p, prefix + "attention.self.query"), batch, length);
    NDArray k = heads(linear(x, p, prefix + "attention.self.key"), batch, length);
    NDArray v = heads(linear(x, p, prefix + "attention.self.value"), batch, length);
    NDArray scores =
        q.matMul(k.transpose(0, 1, 3, 2))
            .div(Scalars.constant(x.getManager(), (float) Math.sqrt(headSize)))
            .add(maskBias);
    NDArray context =
        scores
            .softmax(-1)
            .matMul(v)
            .transpose(0, 2, 1, 3)
            .reshape(batch, length, (long) heads * headSize);
    NDArray attended =
        norm(
            linear(context, p, prefix + "attention.output.dense").add(x),
            p,
            prefix + "attention.output.LayerNorm");
    NDArray ffn = Activation.gelu(linear(attended, p, prefix + "intermediate.dense"));
    return norm(
        linear(ffn, p, prefix + "output.dense").add(attended), p, prefix + "output.LayerNorm");
  }

  private NDArray heads(NDArray x, long batch, long length) {
    return x.reshape(batch, length, config.heads(), config.headSize()).transpose(0, 2, 1, 3);
  }

  /** x @ W + b with W stored [in, out], as in the exported graph. */
  private static NDArray linear(NDArray x, BertParameters p, String name) {
    return x.matMul(p.get(name + ".weight")).add(p.get(name + ".bias"));
  }

  private NDArray norm(NDArray x, BertParameters p, String name) {
    return LayerNorm.layerNorm(
            x,
            new Shape(config.hidden()),
            p.get(name + ".weight"),
            p.get(name + ".bias"),
            config.layerNormEps())
        .singletonOrThrow();
  }

  private static NDArray lookup(NDArray ids, NDArray table) {
    return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  /** Mean of the hidden states over real tokens, scaled to unit length: the sentence embedding. */
  public static NDArray meanPoolNormalized(NDArray hidden, NDArray attentionMask) {
    NDArray mask = attentionMask.toType(DataType.FLOAT32, false).expandDims(-1);
    NDArray mean = hidden.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
    return mean.div(mean.norm(new int[] {1}, true));
  }
}
