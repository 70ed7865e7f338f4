package dev.metarag.k8s.support;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chart rendered with Helm itself (helm-java: Helm 3 as a native library, offline). A rendering
 * is named by value files and --set values, applied in order; renderings are cached, since each
 * test class reads the same few.
 */
public final class Chart {
  /** The release name and namespace of every rendering: resource names start with "metarag". */
  public static final String RELEASE = "metarag";

  public static final String NAMESPACE = "ml-prod";

  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private Chart() {}

  /** Values for one rendering: value files, then --set pairs. */
  public record Values(List<Path> files, Map<String, String> sets) {
    public static Values defaults() {
      return new Values(List.of(), Map.of());
    }

    /** The chart's ci/ value sets by name, in order. */
    public static Values of(String... valueSets) {
      List<Path> files = new ArrayList<>();
      for (String name : valueSets) {
        files.add(Paths.valueSet(name));
      }
      return new Values(List.copyOf(files), Map.of());
    }

    /** More values as YAML (for what --set cannot say: Helm's --set keeps decimals as strings). */
    public Values yaml(String yaml) {
      try {
        Path file = Files.createTempFile("metarag-values-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, yaml);
        List<Path> more = new ArrayList<>(files);
        more.add(file);
        return new Values(List.copyOf(more), sets);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public Values set(String key, Object value) {
      Map<String, String> more = new LinkedHashMap<>(sets);
      more.put(key, String.valueOf(value));
      return new Values(files, more);
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      files.forEach(f -> parts.add(f.getFileName().toString()));
      sets.forEach((k, v) -> parts.add(k + "=" + v));
      return parts.isEmpty() ? "defaults" : String.join(" ", parts);
    }
  }

  /** `helm template` output. @throws IllegalStateException with Helm's message when it fails */
  public static String template(Values values) {
    return template(values, NAMESPACE);
  }

  /** `helm template` output for a release in the given namespace. */
  public static String template(Values values, String namespace) {
    return CACHE.computeIfAbsent(namespace + " " + values, k -> run(values, namespace));
  }

  public static Manifests render(Values values) {
    return Manifests.parse(template(values));
  }

  /** `helm lint --strict` with the chart's default values. */
  public static LintResult lintStrict() {
    return new Helm(Paths.chart()).lint().strict().call();
  }

  private static String run(Values values, String namespace) {
    TemplateCommand command =
        new Helm(Paths.chart()).template().withName(RELEASE).withNamespace(namespace);
    for (Path file : values.files()) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, String> set : values.sets().entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }
}
