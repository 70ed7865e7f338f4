package dev.metarag.bench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.common.SystemLoad;
import dev.metarag.data.SharedData;
import dev.metarag.inference.encoder.HiddenStateGraph;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.onnx.BaseReader;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.training.memory.NativeHeap;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.ParameterSubset;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagLoss;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.RagTrainer;
import dev.metarag.training.supervised.LengthBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code ./metarag bench-train}: how fast the RAG model trains on this machine, in question-passage
 * pairs per second of forward and backward, at SQuAD's length distribution (questions drawn from
 * {@code squad/train} with their gold paragraph, and optionally other paragraphs of the same
 * article as negatives). Each way of running a step is measured on the same questions, beside ONNX
 * Runtime's forward-only rate on the same pairs: a training step costs about three forward passes,
 * so a third of the float32 forward rate is what the machine's arithmetic allows.
 *
 * <pre>
 * ./metarag bench-train [--questions 96] [--batch 16] [--negatives 0] [--seed 7] [--out FILE]
 * </pre>
 */
public final class TrainingThroughputBenchmark {
  private static final String USAGE =
      "usage: ./metarag bench-train [--questions 96] [--batch 16] [--negatives 0] [--seed 7]"
          + " [--model all-minilm-l6-v2|tiny] [--squad FILE] [--out FILE]";

  private TrainingThroughputBenchmark() {}

  /** One way of running training steps. */
  private record Way(String name, boolean packed, boolean lengthBatches, ParameterSubset subset) {}

  /**
   * What one way achieved: forward and backward alone, and whole steps (with Adam) on fresh
   * parameters.
   */
  record Figure(String name, int pairs, double seconds, double stepSeconds, double paddedFraction) {
    double pairsPerSecond() {
      return pairs / seconds;
    }

    double stepPairsPerSecond() {
      return pairs / stepSeconds;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = Args.orUsage(argv, USAGE);
    // As the worker and the adapter do: libtorch's large tensors on huge pages.
    NativeHeap.useHugePages();
    int questions = args.getInt("questions", 96);
    int batch = args.getInt("batch", 16);
    int negatives = args.getInt("negatives", 0);
    long seed = args.getInt("seed", 7);
    String modelName = args.get("model", RagModelSetup.MINILM);
    Path out = Path.of(args.get("out", "benchmarks/results/training-throughput.md"));
    Path squad =
        args.has("squad")
            ? Path.of(args.get("squad", ""))
            : SharedData.resolve("squad/train-v1.1.json").orElse(null);
    if (squad == null) {
      System.err.println(SharedData.missingMessage("squad"));
      return;
    }
    RagModelSetup setup = RagModelSetup.of(modelName);
    RagModel model = setup.model();
    List<RagExample> examples = SquadPairs.sample(squad, questions, negatives, seed);
    List<List<RagExample>> shuffled = LengthBatches.inOrder(examples, batch);
    List<List<RagExample>> byLength =
        LengthBatches.similarLengths(examples, batch, model::pairLength, seed);
    String loadBefore = SystemLoad.averages();
    System.err.printf(
        Locale.ROOT,
        "bench-train: %d SQuAD questions, %d pairs, batch %d, model %s, load %s%n",
        examples.size(),
        pairCount(examples),
        batch,
        modelName,
        loadBefore);

    int layers = setup.config().layers();
    List<Way> ways =
        List.of(
            new Way("before: one reader pass per question", false, false, ParameterSubset.ALL),
            new Way("packed: one reader pass per batch", true, false, ParameterSubset.ALL),
            new Way("packed, batches of similar length", true, true, ParameterSubset.ALL),
            new Way(
                "packed, similar length, embeddings frozen (TOP_LAYERS:" + layers + ")",
                true,
                true,
                ParameterSubset.topLayers(layers)),
            new Way(
                "packed, similar length, top 2 layers and heads (TOP_LAYERS:2)",
                true,
                true,
                ParameterSubset.topLayers(2)));
    List<Figure> figures = new ArrayList<>();
    for (Way way : ways) {
      List<List<RagExample>> batches = way.lengthBatches() ? byLength : shuffled;
      Figure f = measure(way, setup, batches, seed);
      System.err.printf(
          Locale.ROOT,
          "  %-70s %6.2f pairs/s forward+backward, %6.2f with Adam%n",
          f.name(),
          f.pairsPerSecond(),
          f.stepPairsPerSecond());
      figures.add(f);
    }
    List<Figure> forward = new ArrayList<>();
    if (modelName.equals(RagModelSetup.MINILM)) {
      forward.add(
          onnxForward("ONNX Runtime float32 forward", MiniLmResources.model(), model, byLength));
      forward.add(
          onnxForward(
              "ONNX Runtime int8 forward (as served)",
              BaseReader.encoder().bytes(),
              model,
              byLength));
      forward.forEach(
          f ->
              System.err.printf(
                  Locale.ROOT, "  %-70s %6.2f pairs/s%n", f.name(), f.pairsPerSecond()));
    }
    String report =
        ThroughputReport.render(
            LocalDateTime.now().withNano(0).toString(),
            Machine.describe(),
            loadBefore,
            SystemLoad.averages(),
            String.join(" ", argv),
            modelName,
            examples.size(),
            batch,
            negatives,
            figures,
            forward);
    System.out.println(report);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
  }

  /** Forward and backward, then whole steps, each on fresh parameters after one warm-up batch. */
  private static Figure measure(
      Way way, RagModelSetup setup, List<List<RagExample>> batches, long seed) throws Exception {
    RagModel model = setup.model();
    double forwardBackward;
    double steps;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = setup.initialParameters(seed, manager);
      Predicate<String> trained = way.subset().selects(model.config().layers());
      params.asMap().forEach((name, w) -> w.setRequiresGradient(trained.test(name)));
      run(way, model, params, batches.get(0), manager);
      long started = System.nanoTime();
      for (List<RagExample> b : batches) {
        run(way, model, params, b, manager);
      }
      forwardBackward = (System.nanoTime() - started) / 1e9;
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = setup.initialParameters(seed, manager);
      Consumer<List<RagExample>> step;
      if (way.packed()) {
        RagTrainer trainer = new RagTrainer(model, params, way.subset(), 1e-5f, manager);
        step = trainer::step;
      } else {
        BaselineStep baseline = new BaselineStep(model, params, 1e-5f, manager);
        step = baseline::step;
      }
      step.accept(batches.get(0));
      long started = System.nanoTime();
      batches.forEach(step);
      steps = (System.nanoTime() - started) / 1e9;
    }
    int pairs = 0;
    long padded = 0;
    long tokens = 0;
    for (List<RagExample> b : batches) {
      pairs += pairCount(b);
      int width = b.stream().mapToInt(model::pairLength).max().orElse(0);
      for (RagExample e : b) {
        tokens += (long) width * e.candidates().size();
        padded += (long) (width - model.pairLength(e)) * e.candidates().size();
      }
    }
    return new Figure(
        way.name(), pairs, forwardBackward, steps, way.packed() ? (double) padded / tokens : 0);
  }

  private static void run(
      Way way, RagModel model, RagParameters params, List<RagExample> batch, NDManager manager) {
    try (NDManager scope = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      RagLoss loss =
          way.packed()
              ? model.loss(params, batch, scope)
              : model.perQuestionLoss(params, batch, scope);
      if (loss.loss() != null) {
        collector.backward(loss.loss());
      }
      // Drop the gradients, as an optimiser step would consume them.
      params.asMap().values().stream()
          .filter(NDArray::hasGradient)
          .forEach(w -> w.getGradient().close());
    }
  }

  /** ONNX Runtime's forward-only rate over the same pairs and batches, with 2 threads. */
  private static Figure onnxForward(
      String name, byte[] graph, RagModel model, List<List<RagExample>> batches) {
    try (HiddenStateGraph encoder = HiddenStateGraph.open(graph, 2)) {
      forwardAll(encoder, model, batches.subList(0, 1));
      long started = System.nanoTime();
      int pairs = forwardAll(encoder, model, batches);
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Figure(name, pairs, seconds, seconds, 0);
    }
  }

  private static int forwardAll(
      HiddenStateGraph encoder, RagModel model, List<List<RagExample>> batches) {
    int pairs = 0;
    for (List<RagExample> b : batches) {
      List<EncodedPair> encoded = new ArrayList<>();
      b.forEach(e -> encoded.addAll(model.encodePairs(e)));
      int width = encoded.stream().mapToInt(EncodedPair::length).max().orElseThrow();
      long[] ids = new long[encoded.size() * width];
      long[] mask = new long[ids.length];
      long[] types = new long[ids.length];
      for (int r = 0; r < encoded.size(); r++) {
        EncodedPair p = encoded.get(r);
        System.arraycopy(p.ids(), 0, ids, r * width, p.length());
        System.arraycopy(p.typeIds(), 0, types, r * width, p.length());
        java.util.Arrays.fill(mask, r * width, r * width + p.length(), 1L);
      }
      encoder.run(ids, mask, types, encoded.size(), width);
      pairs += encoded.size();
    }
    return pairs;
  }

  private static int pairCount(List<RagExample> examples) {
    return examples.stream().mapToInt(e -> e.candidates().size()).sum();
  }
}
