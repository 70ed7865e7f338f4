package dev.metarag.training.rag;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.EncodedText;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.FunctionalBert;
import dev.metarag.training.bert.Scalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RAG model's training objective.
 *
 * <p>For a question q with retrieved candidates z (top-k, frozen document embeddings d_z):
 *
 * <ul>
 *   <li>p(z|q) = softmax over z of (E_q(q) . d_z / temperature + r_z), where E_q is the trainable
 *       query encoder and r_z the reader's relevance logit for (q, z): the retriever's ranking,
 *       refined by the reader;
 *   <li>p(a|q,z) = sum over every occurrence (s, e) of a gold answer in z of p_start(s) p_end(e),
 *       with start and end distributions over z's passage tokens;
 *   <li>loss = -log sum_z p(z|q) p(a|q,z), averaged over the batch.
 * </ul>
 *
 * Candidates without an occurrence contribute nothing to the sum. An example whose answer occurs in
 * no candidate has no defined likelihood; it is left out and counted in {@link RagLoss#skipped}.
 */
public final class RagModel {
  /** Logit for positions that cannot hold an answer (question, special tokens, padding). */
  private static final float EXCLUDED = -1e4f;

  private final BertConfig config;
  private final FunctionalBert bert;
  private final WordPieceTokenizer tokenizer;
  private final int maxQueryTokens;
  private final int maxPairTokens;
  private final float temperature;
  // Null: the encoder is trainable and runs on DJL with the parameters given to each call.
  private final EncoderStates frozenQuery;
  private final EncoderStates frozenReader;

  public RagModel(
      BertConfig config,
      WordPieceTokenizer tokenizer,
      int maxQueryTokens,
      int maxPairTokens,
      float temperature) {
    this(config, tokenizer, maxQueryTokens, maxPairTokens, temperature, null, null);
  }

  private RagModel(
      BertConfig config,
      WordPieceTokenizer tokenizer,
      int maxQueryTokens,
      int maxPairTokens,
      float temperature,
      EncoderStates frozenQuery,
      EncoderStates frozenReader) {
    this.config = config;
    this.bert = new FunctionalBert(config);
    this.tokenizer = tokenizer;
    this.maxQueryTokens = maxQueryTokens;
    this.maxPairTokens = maxPairTokens;
    this.temperature = temperature;
    this.frozenQuery = frozenQuery;
    this.frozenReader = frozenReader;
  }

  /**
   * This model with frozen encoders: the query encoder's and the reader encoder's hidden states
   * come from {@code query} and {@code reader} (null keeps that encoder trainable) instead of the
   * parameters passed to each call, whose encoder weights are then ignored and get no gradient. For
   * adaptations that change only the heads.
   */
  public RagModel withFrozenEncoders(EncoderStates query, EncoderStates reader) {
    return new RagModel(
        config, tokenizer, maxQueryTokens, maxPairTokens, temperature, query, reader);
  }

  /** The reader encoder's hidden states with fixed parameters, on DJL (no gradient kept). */
  public EncoderStates readerStates(RagParameters fixed, NDManager manager) {
    return statesOf(fixed.reader(), manager);
  }

  /** The query encoder's hidden states with fixed parameters, on DJL (no gradient kept). */
  public EncoderStates queryStates(RagParameters fixed, NDManager manager) {
    return statesOf(fixed.queryEncoder(), manager);
  }

  private EncoderStates statesOf(BertParameters encoder, NDManager manager) {
    return (ids, mask, types, rows, width) -> {
      try (NDManager scope = manager.newSubManager()) {
        Shape shape = new Shape(rows, width);
        return bert.forward(
                encoder,
                scope.create(ids, shape),
                scope.create(mask, shape),
                scope.create(types, shape))
            .toFloatArray();
      }
    };
  }

  public BertConfig config() {
    return config;
  }

  /** The temperature dividing retrieval scores in p(z|q); serving's span decoder uses it too. */
  public float temperature() {
    return temperature;
  }

  /**
   * The mean loss of a batch, built in {@code scope} (which the caller closes after backward).
   *
   * <p>Every question-passage pair of the batch goes through the reader in one pass, padded to the
   * longest pair, and the questions through the query encoder in one more: far fewer, larger matrix
   * products than a pass per question, and one gradient of each embedding table instead of one per
   * question. Equal to {@link #perQuestionLoss} within float rounding (tested).
   */
  public RagLoss loss(RagParameters p, List<RagExample> batch, NDManager scope) {
    List<RagExample> used = new ArrayList<>(batch.size());
    List<EncodedCandidates> encoded = new ArrayList<>(batch.size());
    for (RagExample e : batch) {
      EncodedCandidates c = encode(e);
      if (c.anyAnswer()) {
        used.add(e);
        encoded.add(c);
      }
    }
    int skipped = batch.size() - used.size();
    if (used.isEmpty()) {
      return new RagLoss(null, 0, skipped);
    }
    List<EncodedPair> pairs = new ArrayList<>();
    encoded.forEach(c -> pairs.addAll(c.pairs()));
    NDArray logits = headLogits(p, pairs, scope);
    ReaderOutput read = reader(pairs, logits, scope);
    NDArray logPrior = packedLogPrior(p, used, read.relevance(), scope);
    long width = logits.getShape().get(1);
    // One term log p(z|q) + log p_start(s) + log p_end(e) per gold span; a mask adds -inf to the
    // terms of other questions, so that one log-sum-exp per row marginalises each question.
    List<long[]> spans = new ArrayList<>(); // {pair, start, end, question}
    int pair = 0;
    for (int q = 0; q < encoded.size(); q++) {
      for (List<AnswerSpans.Span> candidateSpans : encoded.get(q).spans()) {
        for (AnswerSpans.Span s : candidateSpans) {
          spans.add(new long[] {pair, pair * width + s.start(), pair * width + s.end(), q});
        }
        pair++;
      }
    }
    long[] pairIndex = new long[spans.size()];
    long[] startIndex = new long[spans.size()];
    long[] endIndex = new long[spans.size()];
    float[] otherQuestion = new float[used.size() * spans.size()];
    Arrays.fill(otherQuestion, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < spans.size(); i++) {
      long[] s = spans.get(i);
      pairIndex[i] = s[0];
      startIndex[i] = s[1];
      endIndex[i] = s[2];
      otherQuestion[(int) s[3] * spans.size() + i] = 0f;
    }
    NDArray terms =
        logPrior
            .take(scope.create(pairIndex))
            .add(read.logStart().reshape(-1).take(scope.create(startIndex)))
            .add(read.logEnd().reshape(-1).take(scope.create(endIndex)));
    NDArray perQuestion =
        rowLogSumExp(
            terms
                .expandDims(0)
                .add(scope.create(otherQuestion, new Shape(used.size(), spans.size()))));
    return new RagLoss(perQuestion.neg().mean(), used.size(), skipped);
  }

  /**
   * The same loss as {@link #loss}, one reader pass (and one query-encoder pass) per question and
   * one term at a time: the formula as written, kept as the reference the packed loss is tested
   * against and the baseline {@code bench-train} measures it against.
   */
  public RagLoss perQuestionLoss(RagParameters p, List<RagExample> batch, NDManager scope) {
    List<NDArray> losses = new ArrayList<>();
    int skipped = 0;
    for (RagExample e : batch) {
      NDArray l = exampleLoss(p, e, scope);
      if (l == null) {
        skipped++;
      } else {
        losses.add(l);
      }
    }
    if (losses.isEmpty()) {
      return new RagLoss(null, 0, skipped);
    }
    NDArray mean = NDArrays.stack(new NDList(losses)).mean();
    return new RagLoss(mean, losses.size(), skipped);
  }

  /**
   * log p(z|q) of every pair of a batch, [pairs]: a softmax over each question's own candidates.
   * Questions with one candidate have p(z|q) = 1; when every question has one, the query encoder
   * does not run at all (it would contribute nothing).
   */
  private NDArray packedLogPrior(
      RagParameters p, List<RagExample> questions, NDArray relevance, NDManager scope) {
    int pairs = questions.stream().mapToInt(e -> e.candidates().size()).sum();
    if (pairs == questions.size()) {
      return scope.zeros(new Shape(pairs));
    }
    NDArray queries =
        queryEmbeddings(p, questions.stream().map(RagExample::question).toList(), scope);
    float[] docs = new float[pairs * config.hidden()];
    long[] questionOfPair = new long[pairs];
    float[] otherQuestion = new float[questions.size() * pairs];
    Arrays.fill(otherQuestion, Float.NEGATIVE_INFINITY);
    int z = 0;
    for (int q = 0; q < questions.size(); q++) {
      for (Candidate c : questions.get(q).candidates()) {
        System.arraycopy(c.embedding(), 0, docs, z * config.hidden(), config.hidden());
        questionOfPair[z] = q;
        otherQuestion[q * pairs + z] = 0f;
        z++;
      }
    }
    NDArray questionIndex = scope.create(questionOfPair);
    NDArray ownQuestion = otherQuestionMask(otherQuestion, questions.size(), pairs, scope);
    // q_i . d_z for every question and pair, [questions, pairs]; each pair keeps its own
    // question's.
    NDArray scores =
        queries
            .matMul(scope.create(docs, new Shape(pairs, config.hidden())).transpose())
            .mul(ownQuestion)
            .sum(new int[] {0})
            .div(Scalars.constant(scope, temperature))
            .add(relevance);
    NDArray normaliser =
        rowLogSumExp(
            scores
                .expandDims(0)
                .add(scope.create(otherQuestion, new Shape(questions.size(), pairs))));
    return scores.sub(normaliser.take(questionIndex));
  }

  /** 1 where the additive mask is 0 (the pair belongs to the row's question), else 0. */
  private static NDArray otherQuestionMask(
      float[] additive, int rows, int columns, NDManager scope) {
    float[] own = new float[additive.length];
    for (int i = 0; i < own.length; i++) {
      own[i] = additive[i] == 0f ? 1f : 0f;
    }
    return scope.create(own, new Shape(rows, columns));
  }

  /** log sum exp over each row of [rows, n]: [rows]. */
  private static NDArray rowLogSumExp(NDArray x) {
    NDArray max = x.max(new int[] {1}, true).stopGradient();
    return x.sub(max).exp().sum(new int[] {1}).log().add(max.reshape(-1));
  }

  /**
   * Reads a question's candidates once, for evaluation: the reader heads' raw logits (what serving
   * decodes) and, from the same forward pass, the example's loss, so that scoring a model does not
   * run the reader twice.
   *
   * @param queryEmbedding the question's {@link #queryEmbeddings}, [1, H] (already computed to rank
   *     the candidates)
   * @throws IllegalArgumentException when the example has no candidate
   */
  public RagReading read(RagParameters p, RagExample e, NDArray queryEmbedding, NDManager scope) {
    if (e.candidates().isEmpty()) {
      throw new IllegalArgumentException("no candidate to read for: " + e.question());
    }
    EncodedCandidates encoded = encode(e);
    NDArray logits = headLogits(p, encoded.pairs(), scope);
    NDArray loss =
        encoded.anyAnswer() ? marginalLoss(p, e, encoded, logits, queryEmbedding, scope) : null;
    return new RagReading(encoded.pairs(), logits, loss);
  }

  /** A question's candidates tokenized with it, and where the answers occur in each. */
  private record EncodedCandidates(List<EncodedPair> pairs, List<List<AnswerSpans.Span>> spans) {
    boolean anyAnswer() {
      return spans.stream().anyMatch(s -> !s.isEmpty());
    }
  }

  private EncodedCandidates encode(RagExample e) {
    List<EncodedPair> pairs = new ArrayList<>(e.candidates().size());
    List<List<AnswerSpans.Span>> spans = new ArrayList<>(e.candidates().size());
    for (Candidate c : e.candidates()) {
      EncodedPair pair =
          tokenizer.encodePair(e.question(), c.text(), maxPairTokens, maxQueryTokens);
      pairs.add(pair);
      spans.add(AnswerSpans.find(c.text(), pair, e.answers()));
    }
    return new EncodedCandidates(pairs, spans);
  }

  /** The example's candidates tokenized with its question, as the reader reads them. */
  public List<EncodedPair> encodePairs(RagExample e) {
    return encode(e).pairs();
  }

  /** Tokens in the example's longest question-passage pair: what its reader pass is padded to. */
  public int pairLength(RagExample e) {
    return encode(e).pairs().stream().mapToInt(EncodedPair::length).max().orElse(0);
  }

  /**
   * Whether {@link #loss} can use the example: one of its candidates holds a gold answer as an
   * exact text match that truncation to the pair limit keeps.
   */
  public boolean answerable(RagExample e) {
    return encode(e).anyAnswer();
  }

  private NDArray exampleLoss(RagParameters p, RagExample e, NDManager scope) {
    EncodedCandidates encoded = encode(e);
    if (!encoded.anyAnswer()) {
      return null;
    }
    NDArray logits = headLogits(p, encoded.pairs(), scope);
    return marginalLoss(p, e, encoded, logits, null, scope);
  }

  /**
   * -log sum_z p(z|q) p(a|q,z) from the reader's logits.
   *
   * @param queryEmbedding the question's embedding, [1, H], or null to compute it here
   */
  private NDArray marginalLoss(
      RagParameters p,
      RagExample e,
      EncodedCandidates encoded,
      NDArray logits,
      NDArray queryEmbedding,
      NDManager scope) {
    int k = e.candidates().size();
    ReaderOutput read = reader(encoded.pairs(), logits, scope);
    // With one candidate p(z|q) = 1: skip the query encoder, which would contribute nothing.
    NDArray logPrior;
    if (k == 1) {
      logPrior = scope.zeros(new Shape(1));
    } else {
      NDArray q = queryEmbedding != null ? queryEmbedding : queryEmbedding(p, e.question(), scope);
      logPrior = logPrior(q, e.candidates(), read.relevance(), scope);
    }
    NDArray logStart = read.logStart();
    NDArray logEnd = read.logEnd();
    List<NDArray> terms = new ArrayList<>();
    for (int z = 0; z < k; z++) {
      for (AnswerSpans.Span s : encoded.spans().get(z)) {
        terms.add(logPrior.get(z).add(logStart.get(z, s.start())).add(logEnd.get(z, s.end())));
      }
    }
    return logSumExp(NDArrays.stack(new NDList(terms))).neg();
  }

  /** log p(z|q) for the candidates: [k]. */
  private NDArray logPrior(
      NDArray queryEmbedding, List<Candidate> candidates, NDArray relevance, NDManager scope) {
    float[] docs = new float[candidates.size() * config.hidden()];
    for (int z = 0; z < candidates.size(); z++) {
      System.arraycopy(
          candidates.get(z).embedding(), 0, docs, z * config.hidden(), config.hidden());
    }
    NDArray d = scope.create(docs, new Shape(candidates.size(), config.hidden()));
    NDArray retrieval =
        queryEmbedding
            .reshape(1, config.hidden())
            .matMul(d.transpose())
            .reshape(-1)
            .div(Scalars.constant(scope, temperature)); // [k]
    return retrieval.add(relevance).logSoftmax(0);
  }

  /**
   * The reader's view of the candidates.
   *
   * @param logStart log-probabilities of each token starting the answer, [k, T]
   * @param logEnd log-probabilities of each token ending it, [k, T]
   * @param relevance relevance logit of each candidate, [k]
   */
  record ReaderOutput(NDArray logStart, NDArray logEnd, NDArray relevance) {}

  private ReaderOutput reader(List<EncodedPair> pairs, NDArray logits, NDManager scope) {
    int k = pairs.size();
    int width = pairs.stream().mapToInt(EncodedPair::length).max().orElseThrow();
    float[] allowed = new float[k * width];
    Arrays.fill(allowed, EXCLUDED);
    for (int z = 0; z < k; z++) {
      EncodedPair pair = pairs.get(z);
      for (int i = 0; i < pair.passageTokens().size(); i++) {
        allowed[z * width + pair.position(i)] = 0f;
      }
    }
    NDArray exclusion = scope.create(allowed, new Shape(k, width));
    NDArray start = logits.get(":, :, 0").add(exclusion).logSoftmax(1);
    NDArray end = logits.get(":, :, 1").add(exclusion).logSoftmax(1);
    NDArray relevance = logits.get(":, 0, 2");
    return new ReaderOutput(start, end, relevance);
  }

  /**
   * The reader heads' raw output for question-passage pairs, padded to the longest: [k, T, 3] with
   * start, end and relevance logits per token, exactly what the exported reader graph computes.
   */
  public NDArray headLogits(RagParameters p, List<EncodedPair> pairs, NDManager scope) {
    int k = pairs.size();
    int width = pairs.stream().mapToInt(EncodedPair::length).max().orElseThrow();
    long[] ids = new long[k * width];
    long[] mask = new long[k * width];
    long[] types = new long[k * width];
    for (int z = 0; z < k; z++) {
      EncodedPair pair = pairs.get(z);
      for (int t = 0; t < pair.length(); t++) {
        ids[z * width + t] = pair.ids()[t];
        types[z * width + t] = pair.typeIds()[t];
        mask[z * width + t] = 1;
      }
    }
    Shape shape = new Shape(k, width);
    NDArray hidden =
        frozenReader != null
            ? scope.create(
                frozenReader.hiddenStates(ids, mask, types, k, width),
                new Shape(k, width, config.hidden()))
            : bert.forward(
                p.reader(),
                scope.create(ids, shape),
                scope.create(mask, shape),
                scope.create(types, shape));
    // The concatenated heads would otherwise live in the parameters' manager: one leak per call.
    NDArray weight = p.headWeight();
    NDArray bias = p.headBias();
    weight.attach(scope);
    bias.attach(scope);
    return hidden.matMul(weight).add(bias);
  }

  /**
   * The query encoder's sentence embeddings of texts, [n, H]: one pass over all of them, each
   * padded to the longest and masked (equal to encoding them one at a time within float rounding).
   */
  public NDArray queryEmbeddings(RagParameters p, List<String> texts, NDManager scope) {
    List<EncodedText> encoded = new ArrayList<>(texts.size());
    for (String t : texts) {
      encoded.add(tokenizer.encode(t, maxQueryTokens + 2));
    }
    int n = encoded.size();
    int width = encoded.stream().mapToInt(EncodedText::length).max().orElseThrow();
    long[] ids = new long[n * width];
    long[] mask = new long[n * width];
    for (int i = 0; i < n; i++) {
      EncodedText q = encoded.get(i);
      System.arraycopy(q.ids(), 0, ids, i * width, q.length());
      Arrays.fill(mask, i * width, i * width + q.length(), 1L);
    }
    Shape shape = new Shape(n, width);
    NDArray maskArray = scope.create(mask, shape);
    NDArray hidden =
        frozenQuery != null
            ? scope.create(
                frozenQuery.hiddenStates(ids, mask, new long[n * width], n, width),
                new Shape(n, width, config.hidden()))
            : bert.forward(
                p.queryEncoder(),
                scope.create(ids, shape),
                maskArray,
                scope.zeros(shape, DataType.INT64));
    return FunctionalBert.meanPoolNormalized(hidden, maskArray);
  }

  /** One text's query embedding: [1, H]. */
  private NDArray queryEmbedding(RagParameters p, String text, NDManager scope) {
    return queryEmbeddings(p, List.of(text), scope);
  }

  static NDArray logSumExp(NDArray x) {
    NDArray max = x.max().stopGradient();
    return x.sub(max).exp().sum().log().add(max);
  }
}
