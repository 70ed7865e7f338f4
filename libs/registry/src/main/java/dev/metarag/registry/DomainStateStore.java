package dev.metarag.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.metarag.jobs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The domain state files under {@code <root>/_domains/}: {@code <domain>.json} per domain, {@code
 * _theta0.json} for the theta0 numbering of the no-domain "" and {@code _general.json} for the
 * numbering of general versions (names no domain can have: domain names never start with '_'). Each
 * write replaces the whole file atomically, so a reader sees the state before or after a change,
 * never half of one.
 */
final class DomainStateStore {
  /** Starts with '_', which no version id does, so package listings skip it. */
  static final String DIRECTORY = "_domains";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The key of the general versions' numbering: its file is {@code _general.json}. */
  static final String GENERAL_NUMBERING = "_general";

  private final Path directory;

  DomainStateStore(Path root) {
    this.directory = root.resolve(DIRECTORY);
  }

  /**
   * @param key a domain, "" for the theta0 numbering, or {@link #GENERAL_NUMBERING}
   */
  Path file(String key) {
    return directory.resolve(key.isEmpty() ? "_theta0.json" : key + ".json");
  }

  boolean exists(String domain) {
    return Files.isRegularFile(file(domain));
  }

  /**
   * The domain's state; {@link DomainState#EMPTY} when it has none yet.
   *
   * @throws CorruptRegistryException when the file is there but unreadable as a state
   */
  DomainState load(String domain) {
    Path file = file(domain);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return DomainState.EMPTY;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      DomainState state = JSON.readValue(bytes, DomainState.class);
      if (state == null) {
        throw new CorruptRegistryException(file, "is empty");
      }
      return state;
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new CorruptRegistryException(
          file,
          "is not a valid domain state ("
              + why
              + "); restore it from a backup, or delete it to reset the domain to the default model"
              + " and an empty promotion history");
    }
  }

  void save(String domain, DomainState state) {
    try {
      AtomicFiles.write(file(domain), JSON.writeValueAsBytes(state));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
