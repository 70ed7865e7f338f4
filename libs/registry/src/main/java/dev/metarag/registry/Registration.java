package dev.metarag.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code "registration"} object of a package manifest: what the registry knows about a version
 * besides its files. Whoever writes the package writes it; the registry only reads it.
 *
 * <pre>{@code
 * "registration": {
 *   "version": "law-v3", "domain": "law", "kind": "ADAPTED", "parent_version": "theta0-2",
 *   "created_at_millis": 1767225600000,
 *   "details": { ...owned by the registering service: lineage, metrics, description... }
 * }
 * }</pre>
 *
 * @param domain "" for THETA0 and GENERAL
 * @param details never null; an empty object when there are none
 */
public record Registration(
    String version,
    String domain,
    VersionKind kind,
    String parentVersion,
    long createdAtMillis,
    JsonNode details) {
  /** The manifest field holding the registration. */
  public static final String FIELD = "registration";

  public Registration {
    details = details == null || details.isNull() ? JsonNodeFactory.instance.objectNode() : details;
    checkConsistent(version, domain, kind);
  }

  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("version", version);
    out.put("domain", domain);
    out.put("kind", kind.name());
    out.put("parent_version", parentVersion);
    out.put("created_at_millis", createdAtMillis);
    out.set("details", details.deepCopy());
    return out;
  }

  /**
   * The registration in a manifest; empty when the manifest has none (a package that was never
   * registered).
   *
   * @throws CorruptRegistryException when the registration is malformed
   */
  static Optional<Registration> in(JsonNode manifest, Path manifestFile) {
    JsonNode r = manifest.path(FIELD);
    if (r.isMissingNode()) {
      return Optional.empty();
    }
    if (!r.isObject()) {
      throw new CorruptRegistryException(manifestFile, "has a \"registration\" that is no object");
    }
    try {
      return Optional.of(
          new Registration(
              text(r, "version", manifestFile),
              r.path("domain").asText(""),
              VersionKind.valueOf(text(r, "kind", manifestFile)),
              r.path("parent_version").asText(""),
              r.path("created_at_millis").asLong(0),
              r.get("details")));
    } catch (IllegalArgumentException e) {
      throw new CorruptRegistryException(
          manifestFile, "has an invalid \"registration\": " + e.getMessage());
    }
  }

  private static String text(JsonNode r, String field, Path manifestFile) {
    JsonNode value = r.get(field);
    if (value == null || !value.isTextual()) {
      throw new CorruptRegistryException(
          manifestFile, "has a \"registration\" without the text field \"" + field + "\"");
    }
    return value.asText();
  }

  /** A version id must have the shape of its kind, so listings by name find it. */
  private static void checkConsistent(String version, String domain, VersionKind kind) {
    boolean ok =
        switch (kind) {
          case BASE -> false; // the base model is never registered: the registry synthesises it
          case THETA0 ->
              version != null && "".equals(domain) && VersionIds.theta0Number(version) > 0;
          case GENERAL ->
              version != null && "".equals(domain) && VersionIds.generalNumber(version) > 0;
          case ADAPTED ->
              version != null
                  && VersionIds.isDomain(domain)
                  && VersionIds.adaptedNumber(domain, version) > 0;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          "a "
              + kind
              + " version cannot be registered as '"
              + version
              + "' of domain '"
              + domain
              + "': THETA0 versions are theta0-<n> and GENERAL versions general-<n>, both of"
              + " domain \"\"; ADAPTED versions are <domain>-v<n> of their domain; BASE is never"
              + " registered");
    }
  }
}
