package dev.metarag.bench.reader;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.data.SharedData;
import dev.metarag.data.eval.MeanAccumulator;
import dev.metarag.data.eval.SquadMetrics;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.data.squad.SquadReader;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.reader.OnnxReader;
import dev.metarag.inference.reader.ReaderAnswer;
import dev.metarag.inference.reader.ReaderPassage;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.export.RagExport;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.ParameterSubset;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.supervised.SupervisedTraining;
import dev.metarag.training.supervised.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reader's sanity run: trains the RAG model's reader on PolicyQA dev with gold passages (one
 * candidate each), exports it to a model package, and scores reading on PolicyQA test gold passages
 * with ONNX Runtime (SQuAD EM/F1).
 *
 * <pre>
 * ./metarag sanity-reader [--epochs 2] [--batch 16] [--lr 1e-4] [--limit N] [--test-limit N] [--out FILE]
 * </pre>
 */
public final class ReaderSanityRun {
  private static final String USAGE =
      "usage: ./metarag sanity-reader [--epochs 2] [--batch 16] [--lr 1e-4] [--limit N] [--test-limit N] [--out FILE]";

  private static final int MAX_PAIR_TOKENS = 256;
  private static final int MAX_QUESTION_TOKENS = 48;

  private ReaderSanityRun() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.orUsage(argv, USAGE);
    Path dev = SharedData.resolve("policyqa/dev.json").orElse(null);
    Path test = SharedData.resolve("policyqa/test.json").orElse(null);
    if (dev == null || test == null) {
      System.err.println(SharedData.missingMessage("policyqa"));
      return;
    }
    int epochs = args.getInt("epochs", 2);
    int batch = args.getInt("batch", 16);
    float lr = Float.parseFloat(args.get("lr", "1e-4"));
    int limit = args.getInt("limit", Integer.MAX_VALUE);
    int testLimit = args.getInt("test-limit", Integer.MAX_VALUE);
    Path out = Path.of(args.get("out", "benchmarks/results/reader-policyqa.md"));
    Path work = Files.createTempDirectory("metarag-sanity");

    byte[] onnx = MiniLmResources.model();
    byte[] tokenizerJson = MiniLmResources.tokenizerJson();
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromJson(new ByteArrayInputStream(tokenizerJson));
    OnnxModel base = OnnxModel.parse(onnx);
    RagModel model =
        new RagModel(BertConfig.MINILM_L6, tokenizer, MAX_QUESTION_TOKENS, MAX_PAIR_TOKENS, 0.05f);

    List<RagExample> train = goldExamples(SquadReader.read(dev), limit);
    System.err.printf(
        "training on %d PolicyQA dev questions, %d epochs, batch %d, lr %s%n",
        train.size(), epochs, batch, lr);
    long started = System.nanoTime();
    ModelPackage pkg;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params =
          RagParameters.initialize(
              BertParameters.load(MiniLmWeights.from(base), manager), 384, 1, manager);
      new SupervisedTraining(
              model,
              new TrainingConfig(epochs, batch, lr, ParameterSubset.ALL, 1, 0),
              work.resolve("checkpoints"),
              p -> {
                if (p.step() % 10 == 0 || p.step() == p.totalSteps()) {
                  System.err.printf(
                      Locale.ROOT,
                      "step %d/%d epoch %d loss %.3f (%.1f s/step)%n",
                      p.step(),
                      p.totalSteps(),
                      p.epoch(),
                      p.loss(),
                      p.secondsPerStep());
                }
              })
          .run(params, train, manager);
      RagExport export = new RagExport(base);
      ObjectNode manifest =
          new ObjectMapper()
              .createObjectNode()
              .put("name", "policyqa-sanity")
              .put("version", "sanity-1");
      manifest
          .putObject("reader")
          .put("max_pair_tokens", MAX_PAIR_TOKENS)
          .put("max_question_tokens", MAX_QUESTION_TOKENS)
          .put("temperature", 0.05);
      pkg =
          ModelPackageWriter.write(
              work.resolve("sanity-1"),
              Map.of(
                  ModelPackage.QUERY_ENCODER,
                  export.queryEncoder(params),
                  ModelPackage.READER,
                  export.reader(params),
                  ModelPackage.TOKENIZER,
                  tokenizerJson),
              manifest);
    }
    double trainSeconds = (System.nanoTime() - started) / 1e9;

    QaDataset testSet = SquadReader.read(test);
    Map<String, QaContext> contexts = testSet.contextsById();
    MeanAccumulator scores = new MeanAccumulator();
    long evalStarted = System.nanoTime();
    try (OnnxReader reader = OnnxReader.open(pkg, 64, 2)) {
      for (QaExample e :
          testSet.answerable().subList(0, Math.min(testLimit, testSet.answerable().size()))) {
        QaContext c = contexts.get(e.contextId());
        ReaderAnswer a =
            reader.read(
                e.question(), List.of(new ReaderPassage(c.id(), c.id() + "#0", c.text(), 0, 0f)));
        List<String> golds = e.answers().stream().map(Answer::text).toList();
        String prediction = a == null ? "" : a.text();
        scores.add("em", SquadMetrics.exactMatch(prediction, golds));
        scores.add("f1", SquadMetrics.f1(prediction, golds));
      }
    }
    double evalSeconds = (System.nanoTime() - evalStarted) / 1e9;
    String report =
        String.format(
            Locale.ROOT,
            """
            # Reader sanity run: PolicyQA

            - date: %s
            - machine: %s
            - model: all-MiniLM-L6-v2 reader (cross-encoder) with span and relevance heads (seed 1), trained with DJL (PyTorch CPU)
            - training: PolicyQA dev, %d questions with their gold paragraph as the only candidate; %d epochs, batch %d, Adam lr %s, all parameters, %d tokens per pair
            - evaluation: PolicyQA test, %d answerable questions, gold paragraph, reader exported to ONNX and run on ONNX Runtime; longest answer 64 tokens

            | EM | F1 | training time | evaluation time |
            |---|---|---|---|
            | %.1f | %.1f | %.0f s | %.0f s |

            Reference: BERT-base trained on the full PolicyQA train set reports test EM/F1 27.6/55.3.
            """,
            LocalDate.now(),
            Machine.describe(),
            train.size(),
            epochs,
            batch,
            lr,
            MAX_PAIR_TOKENS,
            (int) scores.count("f1"),
            100 * scores.mean("em"),
            100 * scores.mean("f1"),
            trainSeconds,
            evalSeconds);
    System.out.println(report);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
  }

  /** Each answerable question with its gold paragraph as the only candidate. */
  static List<RagExample> goldExamples(QaDataset data, int limit) {
    Map<String, QaContext> contexts = data.contextsById();
    List<RagExample> out = new ArrayList<>();
    float[] none = new float[384];
    for (QaExample e : data.answerable()) {
      if (out.size() >= limit) {
        break;
      }
      QaContext c = contexts.get(e.contextId());
      out.add(
          new RagExample(
              e.question(),
              List.of(new Candidate(c.id(), c.id(), c.text(), none)),
              e.answers().stream().map(Answer::text).distinct().toList()));
    }
    return out;
  }
}
