package dev.metarag.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.files.StagingDirectory;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.jobs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The package directories under the registry root, read through their manifests only: the ONNX
 * files are never hashed here (they are ~90 MB each; {@link ModelPackage#open} verifies them when a
 * service loads a package).
 */
final class PackageStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Prefix of a package being deleted: a staging name, so no listing sees it. */
  private static final String DELETING = ".deleting-";

  private final Path root;

  PackageStore(Path root) {
    this.root = root;
  }

  /** Where a version's package lives or will be written. */
  Path path(String version) {
    if (!VersionIds.isVersionId(version)) {
      throw RegistryException.invalid(
          "model version "
              + VersionIds.quote(version)
              + " is invalid: use 1 to 128 characters of A-Z, a-z, 0-9, '.', '_' and '-',"
              + " starting with a letter or digit");
    }
    return root.resolve(version);
  }

  /** Names of the directories that can be packages; staging ('.') and state ('_') ones are not. */
  List<String> directoryNames() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(VersionIds::isVersionId)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The registered package of a version, without its domain's state; empty when there is no such
   * directory, it has no manifest (yet), or its manifest carries no registration.
   *
   * @throws CorruptRegistryException when the manifest cannot be read as a registration
   */
  Optional<RegisteredVersion> read(String version) {
    if (!VersionIds.isVersionId(version)) {
      return Optional.empty();
    }
    Path dir = root.resolve(version);
    Path manifestFile = dir.resolve(ModelPackage.MANIFEST);
    try {
      JsonNode manifest = readManifest(manifestFile);
      Optional<Registration> registration = Registration.in(manifest, manifestFile);
      if (registration.isEmpty()) {
        registration = legacyTheta0(version, manifest, manifestFile);
      }
      if (registration.isEmpty()) {
        return Optional.empty();
      }
      if (!registration.get().version().equals(version)) {
        throw new CorruptRegistryException(
            manifestFile,
            "registers version '"
                + registration.get().version()
                + "' but lies in the directory of "
                + VersionIds.quote(version)
                + "; move it back or fix the registration");
      }
      return Optional.of(
          RegisteredVersion.of(registration.get(), dir, checksums(manifest), sizeOf(dir)));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // no package, or one deleted while we read it
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes a version's package out of the registry: renamed to a locked deletion name first (readers
   * no longer see it, even if the process dies now), then deleted.
   *
   * @return the bytes freed
   */
  long remove(String version) {
    Path dir = path(version);
    try {
      long size;
      try (StagingDirectory doomed = StagingDirectory.reserve(root, DELETING, version)) {
        AtomicFiles.move(dir, doomed.path());
        size = sizeOf(doomed.path());
      } // closing deletes it
      StagingDirectory.removeAbandoned(root, DELETING);
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes what writers that died left behind: packages half written ({@value
   * ModelPackageWriter#STAGING_PREFIX}) and packages half deleted ({@value #DELETING}) whose lock
   * no process holds. Those of live writers, in any process on the volume, are kept.
   *
   * @return the directories removed
   */
  List<Path> removeAbandoned() {
    try {
      List<Path> removed = new ArrayList<>();
      removed.addAll(StagingDirectory.removeAbandoned(root, ModelPackageWriter.STAGING_PREFIX));
      removed.addAll(StagingDirectory.removeAbandoned(root, DELETING));
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readManifest(Path manifestFile) throws IOException {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(Files.readAllBytes(manifestFile));
    } catch (JsonProcessingException e) {
      throw new CorruptRegistryException(
          manifestFile, "is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (manifest == null || !manifest.isObject()) {
      throw new CorruptRegistryException(manifestFile, "is not a JSON object");
    }
    return manifest;
  }

  /**
   * Theta0 packages registered before registrations existed carry only version, kind and lineage;
   * their registration is rebuilt from those so existing registries keep working.
   */
  private static Optional<Registration> legacyTheta0(
      String version, JsonNode manifest, Path manifestFile) throws IOException {
    if (VersionIds.theta0Number(version) == 0 || !"THETA0".equals(manifest.path("kind").asText())) {
      return Optional.empty();
    }
    JsonNode ancestors = manifest.path("lineage").path("ancestors");
    String parent =
        ancestors.isArray() && !ancestors.isEmpty()
            ? ancestors.get(ancestors.size() - 1).asText()
            : "";
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    if (manifest.has("lineage")) {
      details.set("lineage", manifest.get("lineage"));
    }
    long created = Files.getLastModifiedTime(manifestFile).toMillis();
    return Optional.of(new Registration(version, "", VersionKind.THETA0, parent, created, details));
  }

  private static Map<String, String> checksums(JsonNode manifest) {
    Map<String, String> out = new LinkedHashMap<>();
    manifest
        .path("files")
        .fields()
        .forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }

  /** Total size of the regular files below {@code dir}. */
  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> tree = Files.walk(dir)) {
      long total = 0;
      for (Path p : tree.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    } catch (UncheckedIOException e) {
      throw e.getCause(); // Files.walk reports a directory vanishing under it this way
    }
  }
}
