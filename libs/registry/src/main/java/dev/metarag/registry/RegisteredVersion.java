package dev.metarag.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model version as the registry sees it: its registration, its package and, for ADAPTED versions,
 * whether its domain serves it.
 *
 * @param domain "" for BASE, THETA0 and GENERAL
 * @param parentVersion "" for BASE
 * @param createdAtMillis 0 for BASE
 * @param packageDir null for BASE, which is served from the configured default model
 * @param checksums SHA-256 of each package file as its manifest lists them, in manifest order
 * @param sizeBytes total size of the package's files
 * @param details the service-owned part of the registration; an empty object when there is none
 * @param active whether its domain serves it now; always false for BASE, THETA0 and GENERAL
 * @param activatedAtMillis when it last became active; 0 if never
 */
public record RegisteredVersion(
    String version,
    String domain,
    VersionKind kind,
    String parentVersion,
    long createdAtMillis,
    Path packageDir,
    Map<String, String> checksums,
    long sizeBytes,
    JsonNode details,
    boolean active,
    long activatedAtMillis) {

  public RegisteredVersion {
    checksums = Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
    details = details == null ? JsonNodeFactory.instance.objectNode() : details.deepCopy();
  }

  /** The pretrained model: always there, of no domain, never active. */
  static RegisteredVersion base() {
    return new RegisteredVersion(
        VersionIds.BASE, "", VersionKind.BASE, "", 0, null, Map.of(), 0, null, false, 0);
  }

  /** A registered package, not yet looked up in its domain's state. */
  static RegisteredVersion of(
      Registration r, Path packageDir, Map<String, String> checksums, long size) {
    return new RegisteredVersion(
        r.version(),
        r.domain(),
        r.kind(),
        r.parentVersion(),
        r.createdAtMillis(),
        packageDir,
        checksums,
        size,
        r.details(),
        false,
        0);
  }

  /** This version with its domain's view of it. */
  RegisteredVersion withActivation(boolean isActive, long lastActivatedAtMillis) {
    return new RegisteredVersion(
        version,
        domain,
        kind,
        parentVersion,
        createdAtMillis,
        packageDir,
        checksums,
        sizeBytes,
        details,
        isActive,
        lastActivatedAtMillis);
  }
}
