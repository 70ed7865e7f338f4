package dev.metarag.testing.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SolrCloud (libs/solr-test-cluster) in a child JVM: Solr 9 brings Lucene 9, which cannot
 * share this JVM's classpath with Lucene 10. Talks to it through its stdin/stdout line protocol.
 */
public final class SolrCloudChild implements AutoCloseable {
  private static final String PREFIX = "SOLRTEST ";
  private static final String MAIN = "dev.metarag.solrtest.SolrTestCluster";

  private final Process process;
  private final BufferedReader replies;
  private final PrintWriter commands;
  private final String zkHost;
  private final List<String> nodeUrls = new ArrayList<>();

  private SolrCloudChild(Process process) throws IOException {
    this.process = process;
    this.replies =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String zk = null;
    for (String line = reply(); !line.equals("READY"); line = reply()) {
      if (line.startsWith("ZK ")) {
        zk = line.substring(3);
      } else if (line.startsWith("NODE ")) {
        nodeUrls.add(line.split(" ")[2]);
      }
    }
    this.zkHost = zk;
  }

  /** Starts a cluster of {@code nodes} Solr nodes; its files and log go to {@code workDir}. */
  public static SolrCloudChild start(int nodes, Path workDir) throws IOException {
    return start(nodes, workDir, "512m");
  }

  /** The same with the child JVM's maximum heap (-Xmx), for clusters holding larger corpora. */
  public static SolrCloudChild start(int nodes, Path workDir, String maxHeap) throws IOException {
    Path module = moduleTarget();
    Path classpathFile = module.resolve("classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(
          classpathFile
              + " is missing: build libs/solr-test-cluster first (the full reactor does, or add"
              + " -pl libs/solr-test-cluster to your mvn command)");
    }
    String classpath =
        module.resolve("classes")
            + java.io.File.pathSeparator
            + Files.readString(classpathFile).trim();
    Files.createDirectories(workDir);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-Xmx" + maxHeap,
                "-cp",
                classpath,
                MAIN,
                Integer.toString(nodes),
                workDir.resolve("cluster").toString())
            .redirectError(workDir.resolve("solr.log").toFile())
            .start();
    try {
      return new SolrCloudChild(p);
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /**
   * libs/solr-test-cluster/target, from the build's property, else relative to a module (tests) or
   * to the checkout's root (benchmarks).
   */
  private static Path moduleTarget() {
    String configured = System.getProperty("metarag.solr-test-cluster.target");
    if (configured != null) {
      return Path.of(configured);
    }
    Path fromModule = Path.of("..", "libs", "solr-test-cluster", "target");
    Path fromRoot = Path.of("libs", "solr-test-cluster", "target");
    return (Files.isDirectory(fromModule) ? fromModule : fromRoot).toAbsolutePath().normalize();
  }

  public String zkHost() {
    return zkHost;
  }

  public List<String> nodeUrls() {
    return List.copyOf(nodeUrls);
  }

  /** Stops node i (as a crash would, for the clients: its port stops answering). */
  public synchronized void stopNode(int i) throws IOException {
    command("stop " + i, "STOPPED " + i);
  }

  /** Starts node i again on its old port and waits until it has joined the cluster. */
  public synchronized void startNode(int i) throws IOException {
    command("start " + i, "STARTED " + i);
  }

  private void command(String command, String expectedReplyStart) throws IOException {
    commands.println(command);
    String reply = reply();
    if (!reply.startsWith(expectedReplyStart)) {
      throw new IllegalStateException("SolrCloud child answered '" + reply + "' to " + command);
    }
  }

  private String reply() throws IOException {
    String line;
    do {
      line = replies.readLine();
      if (line == null) {
        throw new IOException("the SolrCloud child exited; see its solr.log");
      }
    } while (!line.startsWith(PREFIX));
    return line.substring(PREFIX.length());
  }

  @Override
  public void close() throws InterruptedException {
    commands.println("shutdown");
    commands.close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
