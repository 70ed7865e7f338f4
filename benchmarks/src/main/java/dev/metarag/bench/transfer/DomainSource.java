package dev.metarag.bench.transfer;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a domain's labelled questions and documents come from: a named shared data set (which the
 * services resolve themselves) or a file of any SQuAD-format data set given by path.
 *
 * @param key the domain's name in results, jobs and collections ({@code [a-z0-9][a-z0-9_-]*})
 * @param datasetName the shared data set's name, or null for a file
 * @param file the file (resolved for a named set too)
 */
public record DomainSource(String key, String datasetName, Path file) {

  /** The nine domains of the shared data, by key, in the order the benchmark lists them. */
  public static Map<String, DomainSource> catalogue(Path sharedData) {
    Map<String, DomainSource> domains = new LinkedHashMap<>();
    named(domains, sharedData, "covidqa", "covidqa/test");
    named(domains, sharedData, "policyqa", "policyqa/test");
    named(domains, sharedData, "xquad-en", "xquad.en");
    for (String d :
        List.of("books", "movies", "grocery", "electronics", "tripadvisor", "restaurants")) {
      // train where the set has one, dev for books and movies (SubjQA gives them none)
      String train = "subjqa/" + d + "/train";
      Path trainFile = NamedDatasets.locate(sharedData, train).orElseThrow().path();
      named(
          domains,
          sharedData,
          "subjqa-" + d,
          Files.exists(trainFile) ? train : "subjqa/" + d + "/dev");
    }
    return domains;
  }

  private static void named(
      Map<String, DomainSource> domains, Path sharedData, String key, String dataset) {
    Path file = NamedDatasets.locate(sharedData, dataset).orElseThrow().path();
    domains.put(key, new DomainSource(key, dataset, file));
  }

  /** A SQuAD-format file as a domain named after the file. */
  public static DomainSource squadFile(Path file) {
    String base = file.getFileName().toString().replaceFirst("\\.json$", "");
    String key = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    key = key.replaceAll("^[^a-z0-9]+", "");
    if (key.isEmpty()) {
      key = "file";
    }
    return new DomainSource(
        key.length() > 40 ? key.substring(0, 40) : key, null, file.toAbsolutePath());
  }

  /** Whether the data is on this machine. */
  public boolean present() {
    return Files.isRegularFile(file);
  }

  /** The shared data folder, or empty after saying why. */
  public static Optional<Path> sharedData() {
    return SharedData.locate();
  }

  /** Keys of the catalogue that are present, for messages. */
  public static List<String> presentKeys(Map<String, DomainSource> catalogue) {
    List<String> keys = new ArrayList<>();
    catalogue.values().stream().filter(DomainSource::present).forEach(d -> keys.add(d.key()));
    return keys;
  }
}
