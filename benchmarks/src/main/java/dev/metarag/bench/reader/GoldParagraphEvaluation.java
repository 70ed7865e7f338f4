package dev.metarag.bench.reader;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.SystemLoad;
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
import dev.metarag.inference.onnx.BaseReader;
import dev.metarag.inference.onnx.OrtSessions;
import dev.metarag.inference.reader.OnnxReader;
import dev.metarag.inference.reader.ReaderAnswer;
import dev.metarag.inference.reader.ReaderPassage;
import dev.metarag.inference.reader.SpanDecoder;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./metarag eval-reader}: reading alone, as served. Each question of a SQuAD file (by
 * default a seeded sample of {@code squad/dev}) is read from its gold paragraph by a version's int8
 * ONNX reader graph (the graph the generator serves), spans of at most 30 tokens, and scored with
 * SQuAD EM and F1: once taking every answer, once as the generator answers (abstaining below
 * confidence 0.1, which scores 0).
 *
 * <pre>
 * ./metarag eval-reader [--version general-1 | --package DIR] [--registry .metarag/models]
 *     [--questions 2000] [--seed 1] [--squad FILE] [--out FILE]
 * </pre>
 */
public final class GoldParagraphEvaluation {
  private static final String USAGE =
      "usage: ./metarag eval-reader [--version base|general-<n>|... | --package DIR]"
          + " [--registry .metarag/models] [--questions 2000] [--seed 1] [--squad FILE] [--out FILE]";

  /** The generator's longest answer and its default abstention threshold. */
  static final int MAX_ANSWER_TOKENS = 30;

  static final double MIN_CONFIDENCE = 0.1;

  private GoldParagraphEvaluation() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.orUsage(argv, USAGE);
    String version = args.get("version", "base");
    Path squad =
        args.has("squad")
            ? Path.of(args.get("squad", ""))
            : SharedData.resolve("squad/dev-v1.1.json").orElse(null);
    if (squad == null) {
      System.err.println(SharedData.missingMessage("squad"));
      return;
    }
    int limit = args.getInt("questions", 2000);
    long seed = args.getInt("seed", 1);
    Path out = Path.of(args.get("out", "benchmarks/results/reader-squad-dev.md"));
    QaDataset data = SquadReader.read(squad);
    List<QaExample> questions = new ArrayList<>(data.answerable());
    Collections.shuffle(questions, new Random(seed));
    if (limit > 0 && questions.size() > limit) {
      questions = questions.subList(0, limit);
    }
    Map<String, QaContext> contexts = data.contextsById();
    String load = SystemLoad.averages();
    MeanAccumulator scores = new MeanAccumulator();
    int abstained = 0;
    long started = System.nanoTime();
    String source;
    try (OnnxReader reader = open(args, version)) {
      source = args.has("package") ? args.get("package", "") : version;
      for (QaExample e : questions) {
        QaContext c = contexts.get(e.contextId());
        ReaderAnswer a =
            reader.read(
                e.question(), List.of(new ReaderPassage(c.id(), c.id() + "#0", c.text(), 0, 0f)));
        List<String> golds = e.answers().stream().map(Answer::text).toList();
        String prediction = a == null ? "" : a.text();
        boolean abstains = a == null || a.confidence() < MIN_CONFIDENCE;
        abstained += abstains ? 1 : 0;
        String served = abstains ? "" : prediction;
        scores.add("em", SquadMetrics.exactMatch(prediction, golds));
        scores.add("f1", SquadMetrics.f1(prediction, golds));
        scores.add("served-em", SquadMetrics.exactMatch(served, golds));
        scores.add("served-f1", SquadMetrics.f1(served, golds));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String report =
        String.format(
            Locale.ROOT,
            """
            # Reading SQuAD v1.1 dev from the gold paragraph (`./metarag eval-reader %s`)

            - date: %s
            - machine: %s
            - load average (1, 5, 15 min) before: %s; after: %s
            - model: %s, its int8 ONNX reader graph as the generator serves it; spans of at most
              %d tokens
            - questions: %d of %s (seed %d), each read from its gold paragraph alone

            | scoring | EM | F1 |
            |---|---|---|
            | every answer | %.1f | %.1f |
            | as served: abstaining below confidence %.1f (%d abstentions) | %.1f | %.1f |

            Reading took %.0f s (%.1f questions/s).
            """,
            String.join(" ", argv),
            LocalDateTime.now().withNano(0),
            Machine.describe(),
            load,
            SystemLoad.averages(),
            source,
            MAX_ANSWER_TOKENS,
            questions.size(),
            squad.getFileName(),
            seed,
            100 * scores.mean("em"),
            100 * scores.mean("f1"),
            MIN_CONFIDENCE,
            abstained,
            100 * scores.mean("served-em"),
            100 * scores.mean("served-f1"),
            seconds,
            questions.size() / seconds);
    System.out.println(report);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
  }

  /** The reader of a package directory, of a registered version, or base's. */
  private static OnnxReader open(Args args, String version) throws Exception {
    if (args.has("package")) {
      return OnnxReader.open(
          ModelPackage.open(Path.of(args.get("package", ""))), MAX_ANSWER_TOKENS, 2);
    }
    if (!version.equals("base")) {
      Path registry = Path.of(args.get("registry", ".metarag/models"));
      return OnnxReader.open(ModelPackage.open(registry.resolve(version)), MAX_ANSWER_TOKENS, 2);
    }
    OrtSession session =
        OrtEnvironment.getEnvironment().createSession(BaseReader.graph(), OrtSessions.options(2));
    return new OnnxReader(
        session,
        WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLmResources.tokenizerJson())),
        new SpanDecoder(MAX_ANSWER_TOKENS, 0.05f),
        256,
        48);
  }
}
