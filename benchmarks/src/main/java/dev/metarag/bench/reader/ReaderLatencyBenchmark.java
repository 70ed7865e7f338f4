package dev.metarag.bench.reader;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.bench.common.Args;
import dev.metarag.bench.common.LatencyStats;
import dev.metarag.bench.common.Machine;
import dev.metarag.inference.encoder.MiniLmResources;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.reader.OnnxReader;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.export.RagExport;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reader latency for 5 passages of 256 tokens: the DJL forward pass (training engine) against the
 * exported reader on ONNX Runtime (serving engine), and the resident memory each adds.
 *
 * <pre>
 * ./metarag bench-reader [--runs 30] [--out FILE]
 * </pre>
 */
public final class ReaderLatencyBenchmark {
  private static final String USAGE = "usage: ./metarag bench-reader [--runs 30] [--out FILE]";

  private static final int PASSAGES = 5;
  private static final int TOKENS = 256;

  private ReaderLatencyBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Args args = Args.orUsage(argv, USAGE);
    int runs = args.getInt("runs", 30);
    Path out = Path.of(args.get("out", "benchmarks/results/reader-latency.md"));
    byte[] onnx = MiniLmResources.model();
    byte[] tokenizerJson = MiniLmResources.tokenizerJson();
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromJson(new ByteArrayInputStream(tokenizerJson));
    OnnxModel base = OnnxModel.parse(onnx);
    RagModel model = new RagModel(BertConfig.MINILM_L6, tokenizer, 32, TOKENS, 0.05f);
    String question = "What information do you share with advertising partners?";
    String longText =
        "We may share device identifiers, coarse location and browsing activity with partners. "
            .repeat(40);
    List<EncodedPair> pairs = new ArrayList<>();
    for (int i = 0; i < PASSAGES; i++) {
      pairs.add(tokenizer.encodePair(question, longText, TOKENS, 32));
    }
    long rssStart = rssKiB();
    LatencyStats djl;
    long rssDjl;
    Path dir = Files.createTempDirectory("metarag-reader-bench");
    ModelPackage pkg;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params =
          RagParameters.initialize(
              BertParameters.load(MiniLmWeights.from(base), manager), 384, 1, manager);
      long[] nanos = new long[runs];
      for (int i = -5; i < runs; i++) {
        try (NDManager scope = manager.newSubManager()) {
          long t = System.nanoTime();
          NDArray logits = model.headLogits(params, pairs, scope);
          logits.toFloatArray();
          if (i >= 0) {
            nanos[i] = System.nanoTime() - t;
          }
        }
      }
      djl = new LatencyStats(nanos);
      rssDjl = rssKiB();
      RagExport export = new RagExport(base);
      ObjectNode manifest =
          new ObjectMapper().createObjectNode().put("name", "bench").put("version", "bench");
      manifest.putObject("reader").put("max_pair_tokens", TOKENS).put("max_question_tokens", 32);
      pkg =
          ModelPackageWriter.write(
              dir.resolve("bench"),
              Map.of(
                  ModelPackage.READER,
                  export.reader(params),
                  ModelPackage.TOKENIZER,
                  tokenizerJson),
              manifest);
    }
    long rssBeforeOrt = rssKiB();
    LatencyStats ort;
    long rssOrt;
    try (OnnxReader reader = OnnxReader.open(pkg, 30, 2)) {
      long[] nanos = new long[runs];
      for (int i = -5; i < runs; i++) {
        long t = System.nanoTime();
        reader.logits(pairs);
        if (i >= 0) {
          nanos[i] = System.nanoTime() - t;
        }
      }
      ort = new LatencyStats(nanos);
      rssOrt = rssKiB();
    }
    String report =
        String.format(
            Locale.ROOT,
            """
            # Reader latency: DJL (PyTorch) vs ONNX Runtime

            - date: %s
            - machine: %s
            - input: %d passages x %d tokens (question + passage), one batch; %d timed runs after 5 warm-up runs
            - DJL: functional MiniLM reader forward on the PyTorch CPU engine, 2 threads; ONNX Runtime: the exported reader.onnx, 2 intra-op threads

            | engine | p50 ms | p99 ms | resident memory added (MiB) |
            |---|---|---|---|
            | DJL (PyTorch) | %.0f | %.0f | %d |
            | ONNX Runtime | %.0f | %.0f | %d |

            ONNX Runtime is %.2f times faster at the median.
            """,
            LocalDate.now(),
            Machine.describe(),
            PASSAGES,
            TOKENS,
            runs,
            djl.p50(),
            djl.p99(),
            (rssDjl - rssStart) / 1024,
            ort.p50(),
            ort.p99(),
            (rssOrt - rssBeforeOrt) / 1024,
            djl.p50() / ort.p50());
    System.out.println(report);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
  }

  /** Resident set size of this process, from /proc (0 where unavailable). */
  private static long rssKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return 0;
  }
}
