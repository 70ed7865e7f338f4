package dev.metarag.bench.transfer;

import dev.metarag.bench.transfer.AdaptationProtocol.Outcome;
import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.JobResult;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import dev.metarag.it.story.QaDomain;
import dev.metarag.it.story.Story;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.QaExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs the benchmark for one target domain over gRPC, resumably: ingests the sources and the
 * target, trains JOINT and each meta-learner from the general reader (reusing an earlier run's jobs
 * whose theta0 is still registered), then for each seed, k and method not yet in the results
 * measures the cell by the one {@link AdaptationProtocol}, and hands every finished cell (and job)
 * to the sink at once, which writes the results file.
 */
final class TransferRun {
  /** Draws the held-out questions: fixed, so that every run and seed scores the same ones. */
  static final long HELD_OUT_SEED = 20_261_207L;

  /** Receives the target's results after every job and cell. */
  interface Sink {
    void save(TargetResult t) throws IOException;
  }

  private final Story story;
  private final TransferPreset preset;
  private final Training training;
  private final AdaptationProtocol protocol;
  private final String general;
  private final Path workDir;
  private final Set<String> ingested = new HashSet<>();
  private int cellsAdded;

  TransferRun(
      Story story,
      TransferPreset preset,
      Training training,
      AdaptationProtocol protocol,
      String general,
      Path workDir) {
    this.story = story;
    this.preset = preset;
    this.training = training;
    this.protocol = protocol;
    this.general = general;
    this.workDir = workDir;
  }

  /** Cells measured by this run so far. */
  int cellsAdded() {
    return cellsAdded;
  }

  /**
   * The held-out questions (the first {@code heldOut} of the questions shuffled with a fixed seed)
   * and the pool the support sets are drawn from (the rest, in that order).
   */
  static List<List<QaExample>> split(List<QaExample> questions, int heldOut) {
    List<QaExample> shuffled = new ArrayList<>(questions);
    Collections.shuffle(shuffled, new Random(HELD_OUT_SEED));
    return List.of(
        List.copyOf(shuffled.subList(0, heldOut)),
        List.copyOf(shuffled.subList(heldOut, shuffled.size())));
  }

  /** The support set of a seed and k: the first k of the pool shuffled with the seed (nested). */
  static List<QaExample> support(List<QaExample> pool, long seed, int k) {
    List<QaExample> shuffled = new ArrayList<>(pool);
    Collections.shuffle(shuffled, new Random(seed));
    return List.copyOf(shuffled.subList(0, k));
  }

  /**
   * Whether an earlier run finished this cell, so that this run skips it: general+ft counts as
   * finished only with its zero-shot cell (both come from the same Adapt call).
   */
  static boolean finished(TargetResult t, String method, int k, long seed) {
    if (t == null || t.cell(method, k, seed) == null) {
      return false;
    }
    return !method.equals(TransferResults.GENERAL_FT)
        || t.cell(TransferResults.ZERO_SHOT, k, seed) != null;
  }

  TargetResult run(
      DomainSource target,
      List<DomainSource> sources,
      boolean scoped,
      TargetResult earlier,
      Sink sink)
      throws IOException {
    story.log().step("Target '" + target.key() + "': sources " + keys(sources));
    DomainData targetData = DomainData.whole(target, scoped);
    List<QaExample> questions = targetData.examples();
    int needed = preset.heldOut() + preset.maxShots();
    if (questions.size() < needed) {
      throw new IllegalArgumentException(
          String.format(
              "target '%s' has %d usable questions; the preset needs %d (%d held out + k up to %d)",
              target.key(), questions.size(), needed, preset.heldOut(), preset.maxShots()));
    }
    List<List<QaExample>> split = split(questions, preset.heldOut());
    List<QaExample> heldOut = split.get(0);
    List<QaExample> pool = split.get(1);
    List<String> heldOutIds = heldOut.stream().map(QaExample::getId).toList();
    if (earlier != null && !earlier.scope().equals(targetData.scope())) {
      throw new IllegalStateException(
          "target '"
              + target.key()
              + "': the results file was measured "
              + (earlier.scope().isEmpty() ? "unscoped" : "scoped by " + earlier.scope())
              + ", this run is "
              + (targetData.scope().isEmpty() ? "unscoped" : "scoped by " + targetData.scope())
              + "; give another --out-dir to keep both");
    }
    if (earlier != null && !earlier.sources().equals(keys(sources))) {
      throw new IllegalStateException(
          "target '"
              + target.key()
              + "': the results file was trained on "
              + earlier.sources()
              + ", this run's sources are "
              + keys(sources)
              + "; give the same --sources, or another --out-dir");
    }
    if (earlier != null && !earlier.heldOut().equals(heldOutIds)) {
      throw new IllegalStateException(
          "target '"
              + target.key()
              + "': the results file holds other held-out questions (the data or its scope"
              + " changed); give another --out-dir");
    }
    List<DomainData> sourceData = new ArrayList<>();
    for (DomainSource s : sources) {
      sourceData.add(DomainData.source(s, preset.sourceQuestions(), workDir));
    }
    TargetResult t =
        earlier != null
            ? earlier
            : new TargetResult(
                target.key(),
                targetData.scope(),
                keys(sources),
                targetData.data().contexts().size(),
                questions.size(),
                heldOutIds,
                List.of(),
                List.of());
    ingest(targetData);

    // The starting model of each method: the general reader, the JOINT theta0, each theta0.
    Map<String, String> starts = new LinkedHashMap<>();
    starts.put(TransferResults.GENERAL_FT, general);
    List<MetaAlgorithm> algorithms = new ArrayList<>();
    algorithms.add(MetaAlgorithm.META_ALGORITHM_JOINT);
    algorithms.addAll(preset.algorithms());
    for (MetaAlgorithm a : algorithms) {
      String name = Training.name(a);
      String method =
          a == MetaAlgorithm.META_ALGORITHM_JOINT
              ? TransferResults.JOINT_FT
              : TransferResults.metaMethod(name);
      JobResult job = t.job(name);
      if (!training.reusable(job)) {
        if (job != null) {
          story
              .log()
              .line(
                  "%s's theta0 %s is gone: retrained, its cells measured again",
                  name, job.theta0());
          t = t.without(method);
        }
        sourceData.forEach(this::ingest);
        job = training.train(a, sourceData, general);
        t = t.with(job);
        sink.save(t);
      }
      starts.put(method, job.theta0());
    }

    for (long seed : preset.seeds()) {
      for (int k : preset.shots()) {
        List<QaExample> support = support(pool, seed, k);
        for (Map.Entry<String, String> m : starts.entrySet()) {
          String method = m.getKey();
          boolean fromGeneral = method.equals(TransferResults.GENERAL_FT);
          if (finished(t, method, k, seed)) {
            continue;
          }
          story.log().step(String.format("%s: %s at k=%d, seed %d", target.key(), method, k, seed));
          Outcome o =
              protocol.measure(
                  method, targetData.collection(), m.getValue(), support, heldOut, pool, k, seed);
          if (fromGeneral) {
            // Zero-shot: the general reader as is, on the same held-out questions.
            t =
                t.with(
                    new Cell(
                        TransferResults.ZERO_SHOT,
                        k,
                        seed,
                        m.getValue(),
                        0,
                        0,
                        0,
                        o.before(),
                        null,
                        0,
                        0,
                        0,
                        0));
          }
          t = t.with(o.cell());
          cellsAdded++;
          sink.save(t);
        }
      }
    }
    return t;
  }

  private void ingest(DomainData d) {
    if (ingested.add(d.collection())) {
      story.ingest(
          new QaDomain(
              d.collection(),
              "bench-transfer: " + d.key(),
              Path.of("."),
              d.documents(),
              d.examples()));
    }
  }

  private static List<String> keys(List<DomainSource> sources) {
    return sources.stream().map(DomainSource::key).toList();
  }
}
