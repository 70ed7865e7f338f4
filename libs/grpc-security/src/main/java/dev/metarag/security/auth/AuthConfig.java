package dev.metarag.security.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** API-key authentication of incoming calls, under {@code metarag.auth}. */
@ConfigMapping(prefix = "metarag.auth")
public interface AuthConfig {

  /** Require an API key on every call except health and reflection. Off by default. */
  @WithDefault("false")
  boolean enabled();

  /** The key file (format in {@link ApiKeyFile}); required when enabled. */
  Optional<Path> keysFile();

  /**
   * How often the key file is read again; a changed file replaces the keys without a restart. 0
   * reads it once, at start-up.
   */
  @WithDefault("5s")
  Duration reloadInterval();
}
