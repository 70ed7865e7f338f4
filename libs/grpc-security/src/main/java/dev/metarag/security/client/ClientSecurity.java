package dev.metarag.security.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How one client calls a service: over TLS or plaintext, trusting which CA, with which API key.
 *
 * @param tls TLS instead of plaintext
 * @param caFile PEM CA certificates to trust; empty trusts the JVM's default trust store
 * @param apiKey the key sent as {@code authorization: Bearer <key>}; empty sends none
 */
public record ClientSecurity(boolean tls, Optional<Path> caFile, Optional<String> apiKey) {

  /** Plaintext, no key: the default of a suite without security settings. */
  public static ClientSecurity plaintext() {
    return new ClientSecurity(false, Optional.empty(), Optional.empty());
  }

  /** The same with this key. */
  public ClientSecurity withApiKey(String key) {
    return new ClientSecurity(tls, caFile, Optional.of(key));
  }

  /** The settings under {@code metarag.client}, reading the API key file. */
  public static ClientSecurity from(ClientConfig config) {
    return new ClientSecurity(
        config.tls().enabled(),
        config.tls().caFile(),
        config.apiKeyFile().map(ClientSecurity::readKey));
  }

  /** Reads a file that holds one API key. */
  public static String readKey(Path file) {
    String key;
    try {
      key = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "metarag.client.api-key-file "
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    if (key.isEmpty() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
      throw new IllegalStateException(
          "metarag.client.api-key-file "
              + file
              + " must hold one key: printable ASCII characters without spaces");
    }
    return key;
  }

  @Override
  public String toString() {
    return (tls
            ? "TLS" + caFile.map(f -> " trusting " + f).orElse(" (JVM trust store)")
            : "plaintext")
        + (apiKey.isPresent() ? ", with an API key" : ", no API key");
  }
}
