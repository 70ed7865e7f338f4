package dev.metarag.generator.serving;

import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.RegistryException;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides from the registry which version a domain serves: its active version, else the default
 * model (the configured one, else the registry's default starting point: the newest theta0, else
 * the newest general reader, else "base"); or the version a request pins, if that may answer for
 * the domain. Read afresh on every call, so the registry watcher moves the default model as soon as
 * a theta0 or general version is registered or deleted.
 */
public final class VersionChooser {
  private static final Logger LOG = Logger.getLogger(VersionChooser.class);

  private final VersionRegistry registry;
  private final Optional<String> configuredDefault;

  /** The default model is the newest theta0, else the newest general version, else "base". */
  public VersionChooser(VersionRegistry registry) {
    this(registry, Optional.empty());
  }

  /**
   * @param configuredDefault the default model's version ("base", a theta0 or a general id); while
   *     it is not in the registry (not yet, or deleted), the registry's default starting point
   *     stands in
   */
  public VersionChooser(VersionRegistry registry, Optional<String> configuredDefault) {
    this.registry = registry;
    this.configuredDefault = configuredDefault;
  }

  /** The version the domain should serve now, from the registry's current state. */
  public Choice served(String domain) {
    return registry
        .activeVersion(domain)
        .map(v -> new Choice(v, VersionKind.ADAPTED, false, false))
        .orElseGet(this::defaultModel);
  }

  /** The model of domains without an active version. */
  public Choice defaultModel() {
    if (configuredDefault.isPresent()) {
      Optional<RegisteredVersion> configured =
          registry.find(configuredDefault.get()).filter(v -> v.kind() != VersionKind.ADAPTED);
      if (configured.isPresent()) {
        return new Choice(configured.get().version(), configured.get().kind(), true, false);
      }
      LOG.warnf(
          "the configured default model %s is not a base, theta0 or general version in the"
              + " registry; serving the newest theta0, else the newest general version, else base",
          configuredDefault.get());
    }
    RegisteredVersion v = registry.defaultStartingPoint();
    return new Choice(v.version(), v.kind(), true, false);
  }

  /**
   * A pinned version, checked: "base", a theta0, a general version or a version of this domain.
   *
   * @throws RegistryException NOT_FOUND when unknown, INVALID for a version of another domain
   */
  public Choice pinned(String domain, String version) {
    RegisteredVersion v =
        registry
            .find(version)
            .orElseThrow(
                () ->
                    new RegistryException(
                        RegistryException.Reason.NOT_FOUND,
                        "model_version: '"
                            + version
                            + "' is not in the model registry; list the versions of domain '"
                            + domain
                            + "' (adapter ListVersions) or use \"base\", a theta0 or a general"
                            + " id"));
    if (v.kind() == VersionKind.ADAPTED && !v.domain().equals(domain)) {
      throw new RegistryException(
          RegistryException.Reason.INVALID,
          "model_version: '"
              + version
              + "' is a version of domain '"
              + v.domain()
              + "', not of '"
              + domain
              + "'; pin a version of '"
              + domain
              + "', a theta0 or general id, or \"base\"");
    }
    return new Choice(v.version(), v.kind(), false, true);
  }
}
