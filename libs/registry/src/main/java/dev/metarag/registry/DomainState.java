package dev.metarag.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A domain's state, as stored in {@code _domains/<domain>.json}. Immutable: every change makes a
 * new state, which is written in one atomic file write.
 *
 * @param activeVersion the version the domain serves; null when it serves the default model
 * @param activatedAtMillis when each version last became active
 * @param history the versions that were active before the current one, oldest first (a stack:
 *     rollback pops the last)
 * @param lastNumber the highest version number handed out, so numbers are never reused
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record DomainState(
    @JsonProperty("active_version") @JsonInclude(JsonInclude.Include.ALWAYS) String activeVersion,
    @JsonProperty("activated_at_millis") Map<String, Long> activatedAtMillis,
    @JsonProperty("history") List<String> history,
    @JsonProperty("last_number") long lastNumber) {

  static final DomainState EMPTY = new DomainState(null, Map.of(), List.of(), 0);

  DomainState {
    activatedAtMillis = activatedAtMillis == null ? Map.of() : new TreeMap<>(activatedAtMillis);
    history = history == null ? List.of() : List.copyOf(history);
  }

  Optional<String> active() {
    return Optional.ofNullable(activeVersion);
  }

  boolean isActive(String version) {
    return version.equals(activeVersion);
  }

  long activatedAt(String version) {
    return activatedAtMillis.getOrDefault(version, 0L);
  }

  DomainState withLastNumber(long number) {
    return new DomainState(activeVersion, activatedAtMillis, history, number);
  }

  /** {@code version} becomes active; the one active until now (if any) goes on the history. */
  DomainState promoted(String version, long atMillis) {
    List<String> newHistory = new ArrayList<>(history);
    active().ifPresent(newHistory::add);
    return new DomainState(version, activated(version, atMillis), newHistory, lastNumber);
  }

  /**
   * After a rollback: {@code version} (or the default model when null) is active and {@code
   * remaining} is what is left of the history.
   */
  DomainState rolledBack(String version, List<String> remaining, long atMillis) {
    Map<String, Long> times = version == null ? activatedAtMillis : activated(version, atMillis);
    return new DomainState(version, times, remaining, lastNumber);
  }

  /** Forgets a deleted version; it is never the active one. */
  DomainState without(String version) {
    Map<String, Long> times = new TreeMap<>(activatedAtMillis);
    times.remove(version);
    List<String> newHistory = history.stream().filter(v -> !v.equals(version)).toList();
    return new DomainState(activeVersion, times, newHistory, lastNumber);
  }

  private Map<String, Long> activated(String version, long atMillis) {
    Map<String, Long> times = new TreeMap<>(activatedAtMillis);
    times.put(version, atMillis);
    return times;
  }
}
