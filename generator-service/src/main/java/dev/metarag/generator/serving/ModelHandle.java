package dev.metarag.generator.serving;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reference to a loaded version's sessions. Closing it gives the reference back (once); the
 * sessions close with the last reference.
 */
public final class ModelHandle implements AutoCloseable {
  private final LoadedModels owner;
  private final LoadedModels.Entry entry;
  private final ServingSessions sessions;
  private final AtomicBoolean released = new AtomicBoolean();

  ModelHandle(LoadedModels owner, LoadedModels.Entry entry, ServingSessions sessions) {
    this.owner = owner;
    this.entry = entry;
    this.sessions = sessions;
  }

  public ServingSessions sessions() {
    return sessions;
  }

  /** Another reference to the same sessions, for a second holder; valid until this one closes. */
  public ModelHandle share() {
    owner.addReference(entry);
    return new ModelHandle(owner, entry, sessions);
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      owner.release(entry);
    }
  }
}
