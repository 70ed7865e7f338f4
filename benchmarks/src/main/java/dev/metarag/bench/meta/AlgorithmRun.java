package dev.metarag.bench.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.bench.common.LatencyStats;
import dev.metarag.bench.common.SystemLoad;
import dev.metarag.training.meta.MetaAlgorithm;
import dev.metarag.training.meta.MetaConfig;
import dev.metarag.training.meta.MetaLearner;
import dev.metarag.training.meta.MetaStepResult;
import dev.metarag.training.meta.MetaTask;
import dev.metarag.training.meta.RagTaskObjective;
import dev.metarag.training.rag.ParameterSubset;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one algorithm's meta-steps on the real model and measures each: its wall time (the learner's
 * step alone, not the task draw) and the process's memory right after it.
 */
final class AlgorithmRun {
  private final BenchmarkSettings settings;
  private final List<DomainPools.Pool> pools;
  private final PrintStream log;

  AlgorithmRun(BenchmarkSettings settings, List<DomainPools.Pool> pools, PrintStream log) {
    this.settings = settings;
    this.pools = pools;
    this.log = log;
  }

  /** Measures {@code algorithm}; {@code setupSeconds} is reported as given. */
  AlgorithmResult measure(MetaAlgorithm algorithm, double setupSeconds) throws IOException {
    long loadStarted = System.nanoTime();
    RagModel model = RealModel.model(settings.model());
    TaskDraw draw = new TaskDraw(pools, settings.support(), settings.query(), settings.seed());
    int layers = model.config().layers();
    MetaConfig config =
        MetaConfig.of(
            algorithm,
            settings.innerLearningRate(),
            settings.outerLearningRate(),
            settings.innerSteps(),
            ParameterSubset.ALL.selects(layers),
            BenchmarkSettings.innerSelection(algorithm).selects(layers));
    int steps = settings.stepsFor(algorithm);
    long limitNanos =
        settings.minutesPerAlgorithm() > 0
            ? (long) (settings.minutesPerAlgorithm() * 60e9)
            : Long.MAX_VALUE;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Map<String, NDArray> params =
          RealModel.initialParameters(settings.model(), settings.seed(), manager);
      long parameterCount = params.values().stream().mapToLong(a -> a.getShape().size()).sum();
      MetaLearner<List<RagExample>> learner =
          new MetaLearner<>(new RagTaskObjective(model), params, config, manager);
      double setup = setupSeconds + (System.nanoTime() - loadStarted) / 1e9;
      System.gc();
      double setupPeak = ProcessMemory.peakRssMiB();
      double rssBefore = ProcessMemory.rssMiB();
      boolean peakReset = ProcessMemory.resetPeak();
      ProcessMemory.resetHeapPeak();
      log.printf(
          Locale.ROOT,
          "%s: %d parameters, setup %.0f s, resident %.0f MiB (setup peak %.0f MiB); %d meta-steps%n",
          algorithm,
          parameterCount,
          setup,
          rssBefore,
          setupPeak,
          steps);

      long[] nanos = new long[steps];
      double[] rss = new double[steps];
      double[] queryLoss = new double[steps];
      int done = 0;
      int tenth = Math.min(10, steps);
      double trimmedAt10 = Double.NaN;
      long started = System.nanoTime();
      for (int step = 1; step <= steps; step++) {
        List<MetaTask<List<RagExample>>> tasks = draw.tasks(step, settings.metaBatch());
        long t = System.nanoTime();
        MetaStepResult result = learner.step(tasks);
        nanos[step - 1] = System.nanoTime() - t;
        rss[step - 1] = ProcessMemory.rssMiB();
        queryLoss[step - 1] = result.queryLoss();
        done = step;
        if (step == tenth) {
          trimmedAt10 = trimmedRss();
        }
        if (step <= 3 || step % 10 == 0 || step == steps) {
          log.printf(
              Locale.ROOT,
              "%s step %d/%d: %.2f s, resident %.0f MiB, query loss %.3f, support loss %.3f%n",
              algorithm,
              step,
              steps,
              nanos[step - 1] / 1e9,
              rss[step - 1],
              result.queryLoss(),
              result.supportLoss());
        }
        if (!Float.isFinite(result.queryLoss())) {
          log.printf("%s: query loss is not finite at step %d; stopping%n", algorithm, step);
          break;
        }
        if (System.nanoTime() - started > limitNanos && step < steps) {
          log.printf(
              Locale.ROOT,
              "%s: time limit of %.0f minutes reached after %d steps%n",
              algorithm,
              settings.minutesPerAlgorithm(),
              step);
          break;
        }
      }
      if (Double.isNaN(trimmedAt10)) {
        trimmedAt10 = trimmedRss();
      }
      double trimmedAtLast = trimmedRss();
      return result(
          algorithm,
          steps,
          Arrays.copyOf(nanos, done),
          Arrays.copyOf(rss, done),
          Arrays.copyOf(queryLoss, done),
          setup,
          setupPeak,
          rssBefore,
          peakReset,
          trimmedAt10,
          trimmedAtLast,
          parameterCount);
    }
  }

  /** Resident memory after handing the allocator's free memory back (NaN where impossible). */
  private static double trimmedRss() {
    return ProcessMemory.trimNativeHeap() ? ProcessMemory.rssMiB() : Double.NaN;
  }

  private AlgorithmResult result(
      MetaAlgorithm algorithm,
      int requested,
      long[] nanos,
      double[] rss,
      double[] queryLoss,
      double setup,
      double setupPeak,
      double rssBefore,
      boolean peakReset,
      double trimmedAt10,
      double trimmedAtLast,
      long parameterCount) {
    int n = nanos.length;
    LatencyStats timed = new LatencyStats(n > 1 ? Arrays.copyOfRange(nanos, 1, n) : new long[0]);
    double mean =
        n > 1 ? Arrays.stream(nanos, 1, n).average().orElse(Double.NaN) / 1e9 : Double.NaN;
    int tenth = Math.min(10, n) - 1;
    List<Double> trace = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i == 0 || (i + 1) % 10 == 0 || i == n - 1) {
        trace.add(Math.rint(rss[i]));
      }
    }
    double lastLoss = Arrays.stream(queryLoss, Math.max(0, n - 10), n).average().orElse(Double.NaN);
    return new AlgorithmResult(
        algorithm.name(),
        requested,
        n,
        nanos[0] / 1e9,
        mean,
        timed.percentileMillis(50) / 1e3,
        timed.percentileMillis(90) / 1e3,
        timed.percentileMillis(100) / 1e3,
        setup,
        setupPeak,
        rssBefore,
        rss[tenth],
        rss[n - 1],
        ProcessMemory.peakRssMiB(),
        peakReset,
        slope(rss, tenth),
        trimmedAt10,
        trimmedAtLast,
        ProcessMemory.heapUsedMiB(),
        ProcessMemory.heapPeakMiB(),
        trace,
        queryLoss[0],
        lastLoss,
        parameterCount,
        pools.stream().map(p -> p.examples().size()).toList(),
        SystemLoad.averages());
  }

  /** Least-squares slope of {@code values[from..]} against the step number, per step. */
  static double slope(double[] values, int from) {
    int n = values.length - from;
    if (n < 2) {
      return 0;
    }
    double meanX = (n - 1) / 2.0;
    double meanY = Arrays.stream(values, from, values.length).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - meanX) * (values[from + i] - meanY);
      den += (i - meanX) * (i - meanX);
    }
    return num / den;
  }
}
