package dev.metarag.bench.meta;

import dev.metarag.bench.common.Args;
import dev.metarag.training.meta.MetaAlgorithm;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.ParameterSubset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's configuration: data, task sizes, meta-learning settings and how many meta-steps
 * each algorithm runs. Parsed from the command line and passed on to child JVMs unchanged.
 *
 * @param domains SubjQA domains, one task pool each
 * @param questionsPerDomain answerable training questions drawn from each domain (before dropping
 *     those whose answer no candidate contains)
 * @param topK candidates per question
 * @param metaBatch tasks per meta-step
 * @param support questions in a task's support set
 * @param query questions in a task's query set
 * @param innerSteps K, inner gradient steps
 * @param innerLearningRate alpha of the inner loop
 * @param outerLearningRate Adam's learning rate
 * @param steps meta-steps per algorithm, the first one (warm-up) included
 * @param stepsByAlgorithm overrides of {@code steps} for some algorithms
 * @param minutesPerAlgorithm stop an algorithm's run after this many minutes of meta-steps (0: no
 *     limit); the figures then cover the steps done
 * @param seed for the question draw, the task draw and the heads' initialisation
 * @param model {@link RagModelSetup#MINILM}, the real model, or {@link RagModelSetup#TINY} for
 *     quick checks of the benchmark itself
 */
record BenchmarkSettings(
    List<String> domains,
    int questionsPerDomain,
    int topK,
    int metaBatch,
    int support,
    int query,
    int innerSteps,
    float innerLearningRate,
    float outerLearningRate,
    int steps,
    Map<MetaAlgorithm, Integer> stepsByAlgorithm,
    double minutesPerAlgorithm,
    long seed,
    String model) {
  static BenchmarkSettings from(Args args) {
    return new BenchmarkSettings(
        List.of(args.get("domains", "electronics,grocery,restaurants,tripadvisor").split(",")),
        args.getInt("questions", 200),
        args.getInt("top-k", 3),
        args.getInt("meta-batch", 2),
        args.getInt("support", 2),
        args.getInt("query", 2),
        args.getInt("inner-steps", 1),
        Float.parseFloat(args.get("inner-lr", "1e-4")),
        Float.parseFloat(args.get("outer-lr", "1e-5")),
        args.getInt("steps", 100),
        parseSteps(args.get("steps-by", "")),
        Double.parseDouble(args.get("minutes-per-algorithm", "0")),
        Long.parseLong(args.get("seed", "1")),
        args.get("model", RagModelSetup.MINILM));
  }

  /** Meta-steps to run for {@code algorithm}. */
  int stepsFor(MetaAlgorithm algorithm) {
    return stepsByAlgorithm.getOrDefault(algorithm, steps);
  }

  /** The options that reproduce these settings, for a child JVM. */
  List<String> toArgs() {
    List<String> out = new ArrayList<>();
    add(out, "domains", String.join(",", domains));
    add(out, "questions", questionsPerDomain);
    add(out, "top-k", topK);
    add(out, "meta-batch", metaBatch);
    add(out, "support", support);
    add(out, "query", query);
    add(out, "inner-steps", innerSteps);
    add(out, "inner-lr", innerLearningRate);
    add(out, "outer-lr", outerLearningRate);
    add(out, "steps", steps);
    if (!stepsByAlgorithm.isEmpty()) {
      add(out, "steps-by", formatSteps(stepsByAlgorithm));
    }
    add(out, "minutes-per-algorithm", minutesPerAlgorithm);
    add(out, "seed", seed);
    add(out, "model", model);
    return out;
  }

  /** Which parameters the inner loop adapts: the heads for ANIL, everything otherwise. */
  static ParameterSubset innerSelection(MetaAlgorithm algorithm) {
    return algorithm == MetaAlgorithm.ANIL ? ParameterSubset.HEADS_ONLY : ParameterSubset.ALL;
  }

  /** The configuration as Markdown list items, for the results file. */
  String describe() {
    return String.format(
        Locale.ROOT,
        """
        - model: %s plus span and relevance heads (seed %d), DJL PyTorch engine \
        on CPU, 2 intra-op threads, 1 inter-op thread; at most %d tokens per question-passage pair, \
        %d per question
        - data: SubjQA train, domains %s (one task pool each), %d answerable questions drawn per domain, \
        questions kept only when one of their candidates contains the answer
        - candidates: top-%d by dense retrieval (ONNX Runtime MiniLM) over the reviews of the drawn \
        questions, in memory, computed once per JVM before timing
        - meta-batch %d tasks (domain drawn uniformly), support %d and query %d questions each, \
        inner steps %d, inner lr %s, outer Adam lr %s
        - parameters: outer loop trains ALL; inner loop adapts ALL (ANIL: HEADS_ONLY); MAML, ANIL and \
        META_SGD take the second-order term from finite-difference Hessian-vector products (epsilon 1e-3)
        - meta-steps: %s
        """,
        model.equals(RagModelSetup.TINY)
            ? "tiny: a one-layer random BERT as query encoder and reader (a check of the benchmark,"
                + " not a measurement of the real model)"
            : "the real RAG model: all-MiniLM-L6-v2 query encoder and reader (pretrained weights,"
                + " two copies, about 45 M parameters)",
        seed,
        RagModelSetup.MAX_PAIR_TOKENS,
        RagModelSetup.MAX_QUESTION_TOKENS,
        String.join(", ", domains),
        questionsPerDomain,
        topK,
        metaBatch,
        support,
        query,
        innerSteps,
        innerLearningRate,
        outerLearningRate,
        stepsDescription());
  }

  private String stepsDescription() {
    String base = steps + " per algorithm";
    if (!stepsByAlgorithm.isEmpty()) {
      base = formatSteps(stepsByAlgorithm).replace(",", ", ") + ", otherwise " + base;
    }
    if (minutesPerAlgorithm > 0) {
      base += String.format(Locale.ROOT, ", at most %.0f minutes each", minutesPerAlgorithm);
    }
    return base + " (the first one is the warm-up, reported apart)";
  }

  private static Map<MetaAlgorithm, Integer> parseSteps(String notation) {
    Map<MetaAlgorithm, Integer> out = new LinkedHashMap<>();
    Arrays.stream(notation.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(
            s -> {
              String[] kv = s.split("=", 2);
              if (kv.length != 2) {
                throw new IllegalArgumentException("--steps-by wants ALGORITHM=N,..., got " + s);
              }
              out.put(
                  MetaAlgorithm.valueOf(kv[0].trim().toUpperCase(Locale.ROOT)),
                  Integer.parseInt(kv[1].trim()));
            });
    return out;
  }

  private static String formatSteps(Map<MetaAlgorithm, Integer> steps) {
    List<String> parts = new ArrayList<>();
    steps.forEach((a, n) -> parts.add(a + "=" + n));
    return String.join(",", parts);
  }

  private static void add(List<String> out, String name, Object value) {
    out.add("--" + name);
    out.add(String.valueOf(value));
  }
}
