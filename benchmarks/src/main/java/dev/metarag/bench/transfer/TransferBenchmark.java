package dev.metarag.bench.transfer;

import com.google.protobuf.util.JsonFormat;
import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.transfer.TransferResults.Run;
import dev.metarag.it.story.Story;
import dev.metarag.it.story.StoryLog;
import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.ExecutorKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.KubernetesExecutorSpec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * {@code ./metarag bench-transfer}: does meta-learning transfer? Leave-one-domain-out, every method
 * from the general reader, one adaptation protocol, paired intervals. Options:
 *
 * <pre>
 *   --preset tiny|one-target|full     sizes (default one-target)
 *   --targets covidqa,squad:a.json    domains to leave out in turn: catalogue keys or SQuAD files
 *                                     (default: the preset's)
 *   --sources k1,squad:b.json         domains to train on (default: every catalogue domain present)
 *   --general general-1               the general reader to start from (default: the preset's, else
 *                                     the newest registered GENERAL version)
 *   --unscoped                        PolicyQA and SubjQA questions rank the whole target corpus
 *                                     instead of their own policy or item
 *   --out-dir benchmarks/results      where transfer-&lt;preset&gt;.{json,md} and the PNGs go; the
 *                                     JSON is read first: finished cells are skipped
 *   --work-dir target/transfer-work   cut source files and, when started here, the suite's data;
 *                                     it is the services' metarag.data-root, so SQuAD files given
 *                                     by path must lie in it or in the shared data
 *   --retriever h:p --meta-trainer h:p --adapter h:p   a running suite (else one is started here)
 *   --kubernetes-spec spec.json       run jobs as Kubernetes Jobs (KubernetesExecutorSpec JSON)
 *   --merge a.json,b.json             no run: merge results files of the preset into the out-dir's
 *                                     and rebuild its report
 *   --report-only                     no run: rebuild the report and plots from the JSON
 *   --resamples 10000                 bootstrap resamples of the report's intervals
 * </pre>
 */
public final class TransferBenchmark {
  private TransferBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    if (args.has("help")) {
      System.out.println(usage());
      return;
    }
    Path out = run(args, System.out);
    System.out.println("results in " + out);
  }

  static String usage() {
    return "usage: ./metarag bench-transfer --preset tiny|one-target|full"
        + " [--targets covidqa,squad:f.json] [--sources a,squad:g.json] [--general general-1]"
        + " [--unscoped] [--out-dir d] [--work-dir d]"
        + " [--retriever h:p --meta-trainer h:p --adapter h:p] [--kubernetes-spec spec.json]"
        + " [--merge a.json,b.json | --report-only] [--resamples n]";
  }

  /** Runs the benchmark as the options say; returns the JSON results file. */
  public static Path run(Args args, PrintStream printOut) throws Exception {
    TransferPreset preset = TransferPreset.byName(args.get("preset", "one-target"));
    Path outDir = Path.of(args.get("out-dir", "benchmarks/results")).toAbsolutePath();
    Path workDir = Path.of(args.get("work-dir", "target/transfer-work")).toAbsolutePath();
    int resamples = args.getInt("resamples", PairedBootstrap.DEFAULT_RESAMPLES);
    Files.createDirectories(outDir);
    Files.createDirectories(workDir);
    Path json = ResultsStore.file(outDir, preset.name());
    if (args.has("merge")) {
      TransferResults merged = null;
      for (String f : split(args.get("merge", ""))) {
        TransferResults r =
            ResultsStore.read(Path.of(f))
                .orElseThrow(() -> new IllegalArgumentException("no results file " + f));
        merged = merged == null ? r : ResultsStore.merge(merged, r);
      }
      if (merged == null) {
        throw new IllegalArgumentException("--merge needs results files");
      }
      ResultsStore.write(merged, json);
      report(merged, outDir, resamples);
      return json;
    }
    if (args.has("report-only")) {
      report(
          ResultsStore.read(json)
              .orElseThrow(() -> new IllegalArgumentException("no results file " + json)),
          outDir,
          resamples);
      return json;
    }

    Map<String, DomainSource> catalogue =
        DomainSource.sharedData().map(DomainSource::catalogue).orElse(Map.of());
    List<DomainSource> targets = new ArrayList<>();
    List<String> targetKeys =
        args.has("targets") ? split(args.get("targets", "")) : preset.targets();
    for (String key : targetKeys) {
      targets.add(domain(catalogue, key));
    }
    List<DomainSource> sources = new ArrayList<>();
    if (args.has("sources")) {
      for (String key : split(args.get("sources", ""))) {
        sources.add(domain(catalogue, key));
      }
    } else {
      catalogue.values().stream().filter(DomainSource::present).forEach(sources::add);
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no target: give --targets");
    }

    UnaryOperator<JobSpec.Builder> executor = b -> b;
    String executorName = "LOCAL";
    Duration jobTimeout = Duration.ofHours(6);
    if (args.has("kubernetes-spec")) {
      KubernetesExecutorSpec.Builder k8s = KubernetesExecutorSpec.newBuilder();
      JsonFormat.parser().merge(Files.readString(Path.of(args.get("kubernetes-spec", ""))), k8s);
      KubernetesExecutorSpec spec = k8s.build();
      executor = b -> b.setExecutor(ExecutorKind.EXECUTOR_KIND_KUBERNETES).setKubernetes(spec);
      executorName = "KUBERNETES (" + spec.getImage() + ", " + spec.getGpus() + " GPU)";
      jobTimeout = Duration.ofHours(72);
    }

    String started = Instant.now().toString();
    long t0 = System.nanoTime();
    StoryLog log = new StoryLog(printOut);
    try (Services services = Services.open(args, preset, workDir)) {
      AdapterGrpc.AdapterBlockingStub adapter = AdapterGrpc.newBlockingStub(services.adapter());
      String general = Training.generalReader(adapter, args.get("general", preset.general()));
      TransferPreset used = preset.withGeneral(general);
      log.line("every method starts from the general reader %s", general);
      Optional<TransferResults> earlier = ResultsStore.read(json);
      earlier.ifPresent(e -> ResultsStore.requireCompatible(e, used, general));
      TransferResults[] results = {
        earlier.orElse(
            new TransferResults(
                used, general, Machine.describe(), executorName, List.of(), List.of()))
      };
      Story story =
          new Story(services.retriever(), null, services.trainer(), services.adapter(), log);
      Training training = new Training(story, adapter, used, executor, jobTimeout);
      AdaptationProtocol protocol =
          new AdaptationProtocol(new Adaptations(services.adapter(), used, log), used);
      TransferRun run = new TransferRun(story, used, training, protocol, general, workDir);
      boolean scoped = !args.has("unscoped");
      for (DomainSource target : targets) {
        List<DomainSource> others =
            sources.stream().filter(s -> !s.key().equals(target.key())).toList();
        if (others.size() < 2) {
          throw new IllegalArgumentException(
              "target '"
                  + target.key()
                  + "' leaves "
                  + others.size()
                  + " source domain(s); meta-learning needs at least 2");
        }
        // Every job and cell is written as it finishes, so that a rerun goes on from there;
        // once more at the end, so that a run with nothing left to measure is recorded too.
        TransferRun.Sink save =
            t -> {
              results[0] =
                  results[0]
                      .with(t)
                      .with(
                          new Run(
                              started,
                              Machine.describe(),
                              (System.nanoTime() - t0) / 1e9,
                              run.cellsAdded()));
              ResultsStore.write(results[0], json);
              report(results[0], outDir, resamples);
            };
        save.save(run.run(target, others, scoped, results[0].target(target.key()), save));
      }
    }
    return json;
  }

  /** Rebuilds the Markdown and both PNGs from the results. */
  static void report(TransferResults r, Path outDir, int resamples) throws IOException {
    String stem = "transfer-" + r.preset().name();
    Plots.f1(r, outDir.resolve(stem + "-f1.png"));
    Plots.adaptTime(r, outDir.resolve(stem + "-adapt-time.png"));
    Files.writeString(
        outDir.resolve(stem + ".md"),
        TransferReport.render(r, List.of(stem + "-f1.png", stem + "-adapt-time.png"), resamples));
  }

  private static DomainSource domain(Map<String, DomainSource> catalogue, String key) {
    if (key.startsWith("squad:")) {
      return DomainSource.squadFile(Path.of(key.substring("squad:".length())));
    }
    DomainSource d = catalogue.get(key);
    if (d == null) {
      throw new IllegalArgumentException(
          "unknown domain '"
              + key
              + "': the shared data's domains are "
              + catalogue.keySet()
              + " (or give a SQuAD file as squad:<file>)");
    }
    if (!d.present()) {
      throw new IllegalArgumentException(
          "domain '" + key + "' is not on this machine: " + d.file());
    }
    return d;
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Channels to a running suite, or a suite started here (stopped on close). */
  private record Services(
      ManagedChannel retriever, ManagedChannel trainer, ManagedChannel adapter, Suite suite)
      implements AutoCloseable {

    static Services open(Args args, TransferPreset preset, Path workDir) throws Exception {
      if (args.has("retriever") || args.has("meta-trainer") || args.has("adapter")) {
        return new Services(
            channel(args.require("retriever")),
            channel(args.require("meta-trainer")),
            channel(args.require("adapter")),
            null);
      }
      Path repoRoot = Path.of(args.get("repo-root", ".")).toAbsolutePath().normalize();
      Suite.Builder b =
          Suite.builder(repoRoot, workDir.resolve("suite"))
              // The source files cut for this run are written in the work folder.
              .dataRoot(workDir)
              .services(Service.META_TRAINER, Service.ADAPTER)
              .property(Service.META_TRAINER, "metarag.trainer.base-model=" + preset.baseModel())
              .property(Service.ADAPTER, "metarag.adapter.base-model=" + preset.baseModel());
      DomainSource.sharedData().ifPresent(b::sharedData);
      Suite suite = b.start();
      return new Services(
          suite.channel(Service.RETRIEVER),
          suite.channel(Service.META_TRAINER),
          suite.channel(Service.ADAPTER),
          suite);
    }

    private static ManagedChannel channel(String target) {
      return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    }

    @Override
    public void close() throws InterruptedException {
      if (suite != null) {
        suite.close();
        return;
      }
      for (ManagedChannel c : List.of(retriever, trainer, adapter)) {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
