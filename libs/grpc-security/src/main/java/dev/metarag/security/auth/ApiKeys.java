package dev.metarag.security.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/** The keys a service accepts, looked up by the key a caller presents. */
public final class ApiKeys {
  private final List<ApiKey> keys;

  ApiKeys(List<ApiKey> keys) {
    this.keys = List.copyOf(keys);
  }

  public int size() {
    return keys.size();
  }

  /**
   * The entry of a presented key, or empty when it is unknown. The presented key is hashed and
   * compared with every entry in constant time, without stopping at a match, so the time taken says
   * nothing about which entry (or which bytes) matched.
   */
  public Optional<ApiKey> find(String presented) {
    byte[] digest = sha256(presented);
    ApiKey found = null;
    for (ApiKey k : keys) {
      if (MessageDigest.isEqual(digest, k.sha256()) & found == null) {
        found = k;
      }
    }
    return Optional.ofNullable(found);
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
