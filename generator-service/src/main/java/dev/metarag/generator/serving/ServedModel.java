package dev.metarag.generator.serving;

/**
 * What a domain serves: a handle on the loaded sessions and the choice they came from.
 *
 * @param sinceMillis when the generator started serving it for the domain; 0 for a pinned version
 */
public record ServedModel(String domain, Choice choice, ModelHandle handle, long sinceMillis) {
  public ServingSessions sessions() {
    return handle.sessions();
  }
}
