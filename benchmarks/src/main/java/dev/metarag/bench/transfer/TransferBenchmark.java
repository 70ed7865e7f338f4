package dev.metarag.bench.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.Machine;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import dev.metarag.it.story.Story;
import dev.metarag.it.story.StoryLog;
import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
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
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * {@code ./metarag bench-transfer}: leave-one-domain-out transfer. Options:
 *
 * <pre>
 *   --preset tiny|reduced|full        sizes (default reduced)
 *   --targets covidqa,policyqa,...    catalogue domains to leave out in turn (default: the preset's)
 *   --target-file a.json,b.json       SQuAD files as further targets (never trained on)
 *   --sources k1,k2                   catalogue domains to train on (default: every present one)
 *   --source-files a.json,b.json      SQuAD files as further sources
 *   --out-dir benchmarks/results      where transfer-&lt;preset&gt;.{json,md} and the PNGs go
 *   --work-dir target/transfer-work   cut source files and, when started here, the suite's data;
 *                                     it is the services' metarag.data-root, so files given with
 *                                     --target-file or --source-files must lie in it or in the
 *                                     shared data (the services read them by path)
 *   --retriever h:p --meta-trainer h:p --adapter h:p   a running suite (else one is started here)
 *   --kubernetes-spec spec.json       run jobs as Kubernetes Jobs (KubernetesExecutorSpec JSON)
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
    return "usage: ./metarag bench-transfer --preset tiny|reduced|full [--targets a,b]"
        + " [--target-file f.json] [--sources a,b] [--source-files f.json] [--out-dir d]"
        + " [--work-dir d] [--retriever h:p --meta-trainer h:p --adapter h:p]"
        + " [--kubernetes-spec spec.json]";
  }

  /** Runs the benchmark as the options say; returns the JSON results file. */
  public static Path run(Args args, PrintStream printOut) throws Exception {
    TransferPreset preset = TransferPreset.byName(args.get("preset", "reduced"));
    Path outDir = Path.of(args.get("out-dir", "benchmarks/results")).toAbsolutePath();
    Path workDir = Path.of(args.get("work-dir", "target/transfer-work")).toAbsolutePath();
    Files.createDirectories(outDir);
    Files.createDirectories(workDir);

    Map<String, DomainSource> catalogue =
        DomainSource.sharedData().map(DomainSource::catalogue).orElse(Map.of());
    List<DomainSource> targets = new ArrayList<>();
    List<String> targetKeys =
        args.has("targets") ? split(args.get("targets", "")) : preset.targets();
    for (String key : targetKeys) {
      targets.add(present(catalogue, key));
    }
    for (String f : split(args.get("target-file", ""))) {
      targets.add(DomainSource.squadFile(Path.of(f)));
    }
    List<DomainSource> sources = new ArrayList<>();
    if (args.has("sources") || args.has("source-files")) {
      for (String key : split(args.get("sources", ""))) {
        sources.add(present(catalogue, key));
      }
    } else {
      catalogue.values().stream().filter(DomainSource::present).forEach(sources::add);
    }
    for (String f : split(args.get("source-files", ""))) {
      sources.add(DomainSource.squadFile(Path.of(f)));
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no target: give --targets or --target-file");
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

    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<TargetResult> results = new ArrayList<>();
    Path json = null;
    StoryLog log = new StoryLog(printOut);
    try (Services services = Services.open(args, preset, workDir)) {
      Story story =
          new Story(services.retriever(), null, services.trainer(), services.adapter(), log);
      TransferRun run =
          new TransferRun(story, services.adapter(), preset, executor, jobTimeout, workDir);
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
        results.add(run.run(target, others));
        // Written after every target, so that a run stopped later keeps what it measured.
        json =
            write(
                new TransferResults(
                    preset,
                    Machine.describe(),
                    started.toString(),
                    executorName,
                    (System.nanoTime() - t0) / 1e9,
                    results),
                outDir);
      }
    }
    return json;
  }

  /** Writes the JSON, both PNGs and the Markdown table; returns the JSON file. */
  public static Path write(TransferResults r, Path outDir) throws IOException {
    String stem = "transfer-" + r.preset().name();
    Path json = outDir.resolve(stem + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r);
    Plots.f1(r, outDir.resolve(stem + "-f1.png"));
    Plots.adaptTime(r, outDir.resolve(stem + "-adapt-time.png"));
    Files.writeString(
        outDir.resolve(stem + ".md"),
        TransferReport.render(r, List.of(stem + "-f1.png", stem + "-adapt-time.png")));
    return json;
  }

  private static DomainSource present(Map<String, DomainSource> catalogue, String key) {
    DomainSource d = catalogue.get(key);
    if (d == null) {
      throw new IllegalArgumentException(
          "unknown domain '"
              + key
              + "': the shared data's domains are "
              + catalogue.keySet()
              + " (or give a SQuAD file with --target-file / --source-files)");
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
