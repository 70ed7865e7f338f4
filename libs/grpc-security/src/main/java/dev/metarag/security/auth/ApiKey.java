package dev.metarag.security.auth;

/**
 * One accepted key: the SHA-256 of the key (the key itself is never kept), its role, and a name for
 * logs and messages.
 */
public final class ApiKey {
  private final byte[] sha256;
  private final Role role;
  private final String name;

  ApiKey(byte[] sha256, Role role, String name) {
    this.sha256 = sha256.clone();
    this.role = role;
    this.name = name;
  }

  byte[] sha256() {
    return sha256;
  }

  public Role role() {
    return role;
  }

  /** Who holds the key, as the key file names them; safe to log. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name + " (" + role.label() + ")";
  }
}
