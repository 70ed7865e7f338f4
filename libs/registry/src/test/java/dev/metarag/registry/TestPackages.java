package dev.metarag.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small hand-made packages the way the services write real ones. */
final class TestPackages {
  static final ObjectMapper JSON = new ObjectMapper();

  private TestPackages() {}

  /** Reserves the domain's next version and writes its package (adapted from "base"). */
  static String adapt(VersionRegistry registry, String domain) {
    String version = registry.reserveAdaptedVersion(domain);
    write(
        registry, version, domain, VersionKind.ADAPTED, "base", details("adapted " + version), 100);
    return version;
  }

  /** Reserves the next theta0 and writes its package. */
  static String metaTrain(VersionRegistry registry) {
    String version = registry.reserveTheta0Version();
    write(registry, version, "", VersionKind.THETA0, "base", details("theta0"), 100);
    return version;
  }

  /** Reserves the next general version and writes its package, as a general-reader job does. */
  static String trainGeneral(VersionRegistry registry) {
    String version = registry.reserveGeneralVersion();
    write(registry, version, "", VersionKind.GENERAL, "base", details("general reader"), 100);
    return version;
  }

  /**
   * A package of two files (an "encoder" of {@code encoderBytes} bytes and a tokenizer) and a
   * manifest listing their checksums and the registration.
   */
  static Path write(
      VersionRegistry registry,
      String version,
      String domain,
      VersionKind kind,
      String parent,
      JsonNode details,
      int encoderBytes) {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("name", "test");
    manifest.set(
        Registration.FIELD,
        VersionRegistry.registration(version, domain, kind, parent, 1_000L, details));
    return writeWithManifest(registry.path(version), manifest, encoderBytes);
  }

  static Path writeWithManifest(Path dir, ObjectNode manifest, int encoderBytes) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(ModelPackage.QUERY_ENCODER), new byte[encoderBytes]);
      Files.writeString(dir.resolve(ModelPackage.TOKENIZER), "{\"tokens\":[]}");
      ObjectNode files = manifest.putObject("files");
      for (String f : new String[] {ModelPackage.QUERY_ENCODER, ModelPackage.TOKENIZER}) {
        files.put(f, ModelPackage.sha256(dir.resolve(f)));
      }
      Files.write(dir.resolve(ModelPackage.MANIFEST), JSON.writeValueAsBytes(manifest));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode details(String description) {
    return JSON.createObjectNode().put("description", description);
  }

  /** Total size of the files of a package directory. */
  static long sizeOf(Path dir) {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
