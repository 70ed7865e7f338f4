package dev.metarag.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.proto.v1.QaExample;
import dev.metarag.proto.v1.RetrieverGrpc;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example clients in other languages ({@code examples/clients/python} and {@code
 * examples/clients/node}) run as their users run them, as processes against the retriever, the
 * generator and the meta-trainer, and must ingest their documents, print an answer with citations,
 * and meta-train to success on labelled questions they send inline (the trainer has no file of
 * them).
 *
 * <p>Their tools (Debian's python3-grpcio, protoc and grpc_python_plugin; node and the client's
 * node_modules) are installed by {@code .ci/run}. Missing tools fail this test, naming what to
 * install; a developer without them may set {@code METARAG_CLIENTS_OPTIONAL=1} to skip it instead,
 * which CI ({@code CI=true}) ignores, so that CI can never skip it silently.
 */
class ClientsIT {
  private static final String OPT_OUT = "METARAG_CLIENTS_OPTIONAL";
  // Ingest, answer, and a two-step job (a worker JVM starts) on a shared CI machine.
  private static final int CLIENT_SECONDS = 300;
  private static Path home;
  private static Suite suite;

  @BeforeAll
  static void startRetrieverAndGenerator() throws Exception {
    home = Workspace.newHome("clients");
    suite =
        Suite.builder(Workspace.repoRoot(), home)
            .services(Service.RETRIEVER, Service.GENERATOR, Service.META_TRAINER)
            // The clients' jobs are about sending data, not training: the tiny model is quick. Its
            // theta0 has no ONNX reader, so it is registered apart from the generator's registry,
            // which would otherwise serve the newest theta0 to the next client.
            .property(Service.META_TRAINER, "metarag.trainer.base-model=tiny")
            .property(
                Service.META_TRAINER,
                "metarag.trainer.registry-dir=" + home.resolve("trainer-models"))
            .logs(Workspace.logs("clients"))
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (suite != null) {
      suite.close();
    }
    Workspace.deleteRecursively(home);
  }

  @Test
  void thePythonClientIngestsAndPrintsAnAnswerWithCitations() throws Exception {
    List<String> missing = new ArrayList<>();
    if (run(List.of("/usr/bin/python3", "-c", "import grpc, google.protobuf"), 30).exitCode()
        != 0) {
      missing.add("python3-grpcio (for /usr/bin/python3)");
    }
    for (String tool : List.of("protoc", "grpc_python_plugin")) {
      if (onPath(tool).isEmpty()) {
        missing.add(tool + " (protobuf-compiler, protobuf-compiler-grpc)");
      }
    }
    requireTools(
        "the Python client",
        missing,
        "apt-get install -y python3-grpcio protobuf-compiler protobuf-compiler-grpc");

    Result result =
        run(
            List.of(
                "/usr/bin/python3",
                client("python/metarag_client.py").toString(),
                "--retriever",
                suite.target(Service.RETRIEVER),
                "--generator",
                suite.target(Service.GENERATOR),
                "--meta-trainer",
                suite.target(Service.META_TRAINER),
                "--collection",
                "library-python"),
            CLIENT_SECONDS);

    assertAnsweredWithCitations(result, "library-python");
    assertMetaTrainedOnInlineExamples(result, "library-python");
  }

  @Test
  void theNodeClientCallsByReflectionIngestsAndPrintsAnAnswerWithCitations() throws Exception {
    List<String> missing = new ArrayList<>();
    if (onPath("node").isEmpty()) {
      missing.add("node");
    }
    if (!Files.isDirectory(client("node/node_modules/@grpc/grpc-js"))) {
      missing.add("examples/clients/node/node_modules");
    }
    requireTools(
        "the Node client",
        missing,
        "apt-get install -y nodejs npm; (cd examples/clients/node && npm ci)");

    Result result =
        run(
            List.of(
                "node",
                client("node/client.js").toString(),
                "--retriever",
                suite.target(Service.RETRIEVER),
                "--generator",
                suite.target(Service.GENERATOR),
                "--meta-trainer",
                suite.target(Service.META_TRAINER),
                "--collection",
                "library-node"),
            CLIENT_SECONDS);

    assertThat(result.output()).contains("via server reflection: services metarag.v1.Retriever");
    assertThat(result.output()).contains("via server reflection: ListCollections -> [");
    assertAnsweredWithCitations(result, "library-node");
    assertMetaTrainedOnInlineExamples(result, "library-node");
  }

  /** Exit code 0, an answer from the base model citing the loans document, four documents in. */
  private static void assertAnsweredWithCitations(Result result, String collection) {
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("ingested 4 documents")
        .contains("question: How long are books lent for?")
        .contains("model: base")
        .containsPattern("(?m)^answer: .+ \\(confidence [0-9.]+\\)$")
        .containsPattern("(?m)^cites \\w+ \\[\\d+, \\d+\\): ");
    long documents =
        RetrieverGrpc.newBlockingStub(suite.channel(Service.RETRIEVER))
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .describeCollection(DescribeCollectionRequest.newBuilder().setName(collection).build())
            .getCollection()
            .getDocumentCount();
    assertThat(documents).isEqualTo(4);
  }

  /**
   * The client's job succeeded, and the trainer holds the ten questions it sent inline as the spec
   * of its one domain.
   */
  private static void assertMetaTrainedOnInlineExamples(Result result, String collection) {
    Matcher started =
        Pattern.compile("(?m)^started job (\\S+) on 10 inline examples$").matcher(result.output());
    assertThat(started.find()).as(result.output()).isTrue();
    String id = started.group(1);
    assertThat(result.output())
        .containsPattern(
            "(?m)^job " + Pattern.quote(id) + " JOB_STATE_SUCCEEDED after 2 steps: theta0-\\d+$");
    Job job =
        MetaTrainerGrpc.newBlockingStub(suite.channel(Service.META_TRAINER))
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .getJob(GetJobRequest.newBuilder().setJobId(id).build())
            .getJob();
    assertThat(job.getState()).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
    assertThat(job.getSpec().getDomains(0).getCollection()).isEqualTo(collection);
    assertThat(job.getSpec().getDomains(0).getExamples().getExamplesList())
        .extracting(QaExample::getQuestion)
        .hasSize(10)
        .contains("How long are films lent for?");
  }

  /** Fails naming what to install, or skips when the developer opted out outside CI. */
  private static void requireTools(String client, List<String> missing, String install) {
    if (missing.isEmpty()) {
      return;
    }
    String message =
        client + " cannot run: missing " + String.join(", ", missing) + ". Install: " + install;
    boolean optedOut = "1".equals(System.getenv(OPT_OUT));
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (optedOut && !ci) {
      Assumptions.abort(message + " (skipped: " + OPT_OUT + "=1)");
    }
    Assertions.fail(
        message
            + (ci
                ? " (.ci/run installs them; " + OPT_OUT + " is ignored in CI)"
                : " (or set " + OPT_OUT + "=1 to skip this test on this machine)"));
  }

  private static Path client(String relative) {
    return Workspace.repoRoot().resolve("examples/clients").resolve(relative);
  }

  private static Optional<Path> onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private record Result(int exitCode, String output) {}

  /** Runs a command in the repository root and returns its exit code and output. */
  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile(home, "client", ".out");
    Process p =
        new ProcessBuilder(command)
            .directory(Workspace.repoRoot().toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + read(output));
    }
    String text = read(output);
    System.out.println("$ " + String.join(" ", command) + "\n" + text);
    return new Result(p.exitValue(), text);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
