package dev.metarag.bench.meta;

import dev.metarag.bench.common.Args;
import dev.metarag.data.SharedData;
import dev.metarag.training.meta.MetaAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Seconds per meta-step and resident memory of each meta-learning algorithm on the real MiniLM RAG
 * model, over SubjQA domains as tasks.
 *
 * <p>Without {@code --algorithm} it is the driver: it measures each algorithm (all six unless
 * {@code --algorithms} says otherwise) in a child JVM with this JVM's flags and class path, one
 * after the other, and writes the results file after each. With {@code --algorithm X} it measures X
 * in this JVM and prints one result line ({@code RESULT {json}}), also appended to {@code --json
 * FILE} if given. With {@code --keep-earlier} the driver keeps, from the results file it is about
 * to rewrite, the rows of the algorithms it does not run this time (the file names them), so that
 * algorithms can be measured in separate sessions. Without the shared data it says so and exits
 * normally.
 *
 * <pre>
 * ./metarag bench-meta [--algorithm X | --algorithms MAML,FOMAML,...] [--steps 100]
 *     [--steps-by FOMAML=40,...] [--minutes-per-algorithm M] [--domains a,b,c] [--questions 200]
 *     [--top-k 3] [--meta-batch 2] [--support 2] [--query 2] [--inner-steps 1]
 *     [--inner-lr 1e-4] [--outer-lr 1e-5] [--seed 1] [--out FILE] [--json FILE]
 *     [--keep-earlier] [--model all-minilm-l6-v2|tiny]
 * </pre>
 */
public final class MetaStepBenchmark {
  private static final String USAGE =
      "usage: ./metarag bench-meta [--algorithm X | --algorithms MAML,FOMAML,...] [--steps 100] [--steps-by FOMAML=40,...] [--minutes-per-algorithm M] [--domains a,b,c] [--questions 200] [--top-k 3] [--meta-batch 2] [--support 2] [--query 2] [--inner-steps 1] [--inner-lr 1e-4] [--outer-lr 1e-5] [--seed 1] [--out FILE] [--json FILE] [--keep-earlier] [--model all-minilm-l6-v2|tiny]";

  private MetaStepBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.orUsage(argv, USAGE);
    BenchmarkSettings settings = BenchmarkSettings.from(args);
    Optional<Path> root = SharedData.locate();
    if (root.isEmpty()) {
      System.err.println(SharedData.missingMessage("subjqa"));
      return;
    }
    Map<String, Path> files = DomainPools.files(root.get(), settings.domains());
    for (Path file : files.values()) {
      if (!Files.isRegularFile(file)) {
        System.err.println(SharedData.missingMessage(root.get().relativize(file).toString()));
        return;
      }
    }
    if (args.has("algorithm")) {
      measureOne(parse(args.require("algorithm")), settings, files, args.get("json", null));
    } else {
      drive(settings, Path.of(args.get("out", "benchmarks/results/meta-step.md")), args);
    }
  }

  /** Measures one algorithm in this JVM and prints its result line. */
  private static void measureOne(
      MetaAlgorithm algorithm, BenchmarkSettings settings, Map<String, Path> files, String json)
      throws IOException {
    long started = System.nanoTime();
    List<DomainPools.Pool> pools = DomainPools.build(files, settings);
    for (DomainPools.Pool p : pools) {
      System.err.printf(
          Locale.ROOT,
          "%s: %d of %d drawn questions have the answer in a top-%d candidate (%d reviews)%n",
          p.domain(),
          p.examples().size(),
          p.drawn(),
          settings.topK(),
          p.passages());
    }
    double setupSeconds = (System.nanoTime() - started) / 1e9;
    AlgorithmResult result =
        new AlgorithmRun(settings, pools, System.err).measure(algorithm, setupSeconds);
    String line = result.toJson();
    System.out.println(AlgorithmResult.LINE_PREFIX + line);
    if (json != null) {
      Files.writeString(
          Path.of(json),
          line + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    }
  }

  /** Measures each algorithm in a child JVM and writes the results file after each. */
  private static void drive(BenchmarkSettings settings, Path out, Args args) throws Exception {
    List<MetaAlgorithm> algorithms =
        args.has("algorithms")
            ? Arrays.stream(args.require("algorithms").split(","))
                .map(MetaStepBenchmark::parse)
                .toList()
            : List.of(MetaAlgorithm.values());
    ResultsReport report =
        new ResultsReport(
            settings, args.has("keep-earlier") ? List.of(MetaAlgorithm.values()) : algorithms);
    if (args.has("keep-earlier")) {
      keepEarlierResults(out, algorithms, report);
    }
    report.write(out);
    List<MetaAlgorithm> failed = new ArrayList<>();
    for (MetaAlgorithm algorithm : algorithms) {
      System.err.printf("=== %s in a child JVM ===%n", algorithm);
      ChildJvm.Outcome outcome = ChildJvm.run(algorithm.name(), settings.toArgs());
      if (outcome.result().isPresent()) {
        report.measured(algorithm, outcome.result().get());
      } else {
        report.failed(algorithm, "failed (exit code " + outcome.exitCode() + ", no result)");
        failed.add(algorithm);
      }
      report.write(out);
    }
    System.out.println(report.render());
    System.err.println("written to " + out);
    // The file says which failed; the exit status must say so too, or scripts and CI miss it.
    if (!failed.isEmpty()) {
      throw new IllegalStateException("no result for " + failed + "; see " + out);
    }
  }

  /** Keeps the results in {@code out} of the algorithms that this run does not measure. */
  private static void keepEarlierResults(
      Path out, List<MetaAlgorithm> running, ResultsReport report) throws IOException {
    if (!Files.isRegularFile(out)) {
      return;
    }
    for (String line : Files.readAllLines(out)) {
      if (line.startsWith("{\"algorithm\"")) {
        AlgorithmResult earlier = AlgorithmResult.fromJson(line);
        MetaAlgorithm algorithm = parse(earlier.algorithm());
        if (!running.contains(algorithm)) {
          report.keptFromEarlierRun(algorithm, earlier);
        }
      }
    }
  }

  private static MetaAlgorithm parse(String name) {
    return MetaAlgorithm.valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
