package dev.metarag.bench.common;

import java.nio.file.Path;

/**
 * Where a program finds a service module's runner jar ({@code <module>/target/quarkus-app}): under
 * {@code --repo-root}, by default the working directory, which ./metarag sets to the repository
 * root. Tests run inside their own module and pass the root.
 */
public final class ServiceModules {
  private ServiceModules() {}

  /** The module directory of {@code module}, for example {@code retriever-service}. */
  public static Path of(Args args, String module) {
    return Path.of(args.get("repo-root", ".")).resolve(module);
  }
}
