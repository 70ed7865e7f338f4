package dev.metarag.security.auth;

import java.util.Locale;
import java.util.Optional;

/** What a key may do. Each role includes the ones before it. */
public enum Role {
  /** Queries and listings: retrieve, answer, describe, list, get and watch. */
  READ,
  /** Adds data and work: ingest, create collections, delete documents, adapt, start jobs. */
  WRITE,
  /**
   * Changes what is served or removes it: delete collections, swap encoders, promote, roll back.
   */
  ADMIN;

  /** True when a key of this role may call a method that needs {@code required}. */
  public boolean allows(Role required) {
    return compareTo(required) >= 0;
  }

  /** The name used in key files and messages: {@code read}, {@code write} or {@code admin}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a key file names, or empty when the word is not a role. */
  public static Optional<Role> parse(String word) {
    for (Role r : values()) {
      if (r.label().equals(word)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
