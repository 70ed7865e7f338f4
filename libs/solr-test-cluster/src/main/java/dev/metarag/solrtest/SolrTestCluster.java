package dev.metarag.solrtest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a SolrCloud of N Jetty nodes and an embedded ZooKeeper until told to stop.
 *
 * <p>Usage: {@code java -cp <classpath.txt> dev.metarag.solrtest.SolrTestCluster <nodes> <dir>}.
 * Protocol lines on stdout start with {@value #PREFIX} (Solr's own output goes to stderr):
 *
 * <pre>
 * SOLRTEST ZK 127.0.0.1:41234/solr
 * SOLRTEST NODE 0 http://127.0.0.1:40001/solr
 * SOLRTEST READY
 * </pre>
 *
 * Commands on stdin, one per line, each answered with one protocol line: {@code stop <i>} (answers
 * {@code STOPPED <i>}), {@code start <i>} (restarts node i on its old port, answers {@code STARTED
 * <i> <url>}) and {@code shutdown}. End of stdin also shuts down, so the cluster never outlives a
 * test JVM that died.
 */
public final class SolrTestCluster {
  static final String PREFIX = "SOLRTEST ";

  private final MiniSolrCloudCluster cluster;
  private final PrintStream protocol;

  /** Nodes by their start-up position; the cluster's own list drops stopped nodes. */
  private final List<JettySolrRunner> nodes;

  private SolrTestCluster(MiniSolrCloudCluster cluster, PrintStream protocol) {
    this.cluster = cluster;
    this.protocol = protocol;
    this.nodes = List.copyOf(cluster.getJettySolrRunners());
  }

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("solr-test-cluster");
    // Keep stdout for the protocol: anything else printed there goes to stderr.
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    Files.createDirectories(dir);
    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster(nodes, dir, JettyConfig.builder().build());
    new SolrTestCluster(cluster, protocol).serve();
  }

  private void serve() throws Exception {
    say("ZK " + cluster.getZkServer().getZkAddress());
    for (int i = 0; i < nodes.size(); i++) {
      say("NODE " + i + " " + nodes.get(i).getBaseUrl());
    }
    say("READY");
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = commands.readLine()) != null && !line.trim().equals("shutdown")) {
        obey(line.trim());
      }
    } finally {
      cluster.shutdown();
      say("BYE");
    }
  }

  private void obey(String command) {
    String[] words = command.split("\\s+");
    try {
      switch (words[0]) {
        case "stop" -> {
          int i = Integer.parseInt(words[1]);
          JettySolrRunner jetty = nodes.get(i);
          cluster.stopJettySolrRunner(jetty);
          cluster.waitForJettyToStop(jetty);
          say("STOPPED " + i);
        }
        case "start" -> {
          int i = Integer.parseInt(words[1]);
          JettySolrRunner jetty = nodes.get(i);
          cluster.startJettySolrRunner(jetty, true);
          cluster.waitForNode(jetty, 30);
          say("STARTED " + i + " " + jetty.getBaseUrl());
        }
        default -> say("ERROR unknown command '" + command + "': use stop, start or shutdown");
      }
    } catch (Exception e) {
      say("ERROR " + command + ": " + e);
    }
  }

  private void say(String line) {
    protocol.println(PREFIX + line);
  }
}
