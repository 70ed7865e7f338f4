package dev.metarag.generator.serving;

/**
 * The model one request answers with, held for the request's duration: a lease on a domain's hot
 * swap, or a reference to a pinned version. Closing it lets a swapped-out or evicted version close.
 */
public final class ModelLease implements AutoCloseable {
  private final ServedModel model;
  private final AutoCloseable release;

  ModelLease(ServedModel model, AutoCloseable release) {
    this.model = model;
    this.release = release;
  }

  public ServedModel model() {
    return model;
  }

  public ServingSessions sessions() {
    return model.sessions();
  }

  @Override
  public void close() {
    try {
      release.close();
    } catch (Exception e) {
      throw new IllegalStateException("releasing model " + model.choice().version() + " failed", e);
    }
  }
}
