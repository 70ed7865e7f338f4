package dev.metarag.it.suite;

/** The services of the suite, by the module whose runner jar starts each. */
public enum Service {
  RETRIEVER("retriever-service", "retriever"),
  META_TRAINER("meta-trainer-service", "meta-trainer"),
  ADAPTER("adapter-service", "adapter"),
  GENERATOR("generator-service", "generator");

  private final String module;
  private final String shortName;

  Service(String module, String shortName) {
    this.module = module;
    this.shortName = shortName;
  }

  /** The Maven module, relative to the repository root. */
  public String module() {
    return module;
  }

  /** A short name for logs and messages, for example {@code meta-trainer}. */
  public String shortName() {
    return shortName;
  }
}
