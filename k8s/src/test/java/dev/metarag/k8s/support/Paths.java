package dev.metarag.k8s.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chart, the value sets and the kustomize manifests are. */
public final class Paths {
  private Paths() {}

  /** The k8s module's directory (set by surefire; the working directory otherwise). */
  public static Path module() {
    String dir = System.getProperty("metarag.k8s.dir");
    Path path = dir == null ? Path.of("").toAbsolutePath() : Path.of(dir);
    if (!Files.isDirectory(path.resolve("helm/metarag"))) {
      throw new IllegalStateException("no helm/metarag under " + path);
    }
    return path;
  }

  /** The repository's root. */
  public static Path repository() {
    return module().getParent();
  }

  public static Path chart() {
    return module().resolve("helm/metarag");
  }

  /**
   * A value set in the chart's ci/ directory, e.g. "gpu-training" for ci/gpu-training-values.yaml.
   */
  public static Path valueSet(String name) {
    Path file = chart().resolve("ci/" + name + "-values.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no value set " + file);
    }
    return file;
  }

  public static Path kustomize() {
    return module().resolve("kustomize");
  }
}
