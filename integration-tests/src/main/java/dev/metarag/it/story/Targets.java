package dev.metarag.it.story;

/** Where the four services listen, as host:port. */
public record Targets(String retriever, String generator, String metaTrainer, String adapter) {

  /** The ports {@code ./metarag run} serves on. */
  public static Targets localDefaults() {
    return new Targets("localhost:8101", "localhost:8102", "localhost:8103", "localhost:8104");
  }
}
