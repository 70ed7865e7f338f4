package dev.metarag.testing.security;

import dev.metarag.security.auth.Role;
import dev.metarag.security.client.Channels;
import dev.metarag.security.client.ClientSecurity;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a secured service needs in a test, made once per JVM under {@code
 * target/test-security}: test certificates, a random key per role, the server's key file (the read
 * and write keys as themselves, the admin key as its SHA-256) and a client key file per role.
 */
public final class TestSecurity {
  private static TestSecurity instance;

  private final Path dir;
  private final TestCertificates certificates;
  private final Map<Role, String> keys = new EnumMap<>(Role.class);
  private final Path keysFile;
  private final String keysFileText;

  private TestSecurity(Path dir) throws IOException {
    this.dir = dir;
    certificates = TestCertificates.create(dir);
    SecureRandom random = new SecureRandom();
    for (Role role : Role.values()) {
      byte[] bytes = new byte[24];
      random.nextBytes(bytes);
      keys.put(role, role.label() + "-" + HexFormat.of().formatHex(bytes));
      Files.writeString(dir.resolve(role.label() + ".key"), keys.get(role) + "\n");
    }
    keysFileText =
        """
        # Test keys: read and write as themselves, admin as its SHA-256.
        %s read %s
        %s write %s
        sha256:%s admin %s
        """
            .formatted(
                keys.get(Role.READ),
                keyName(Role.READ),
                keys.get(Role.WRITE),
                keyName(Role.WRITE),
                sha256Hex(keys.get(Role.ADMIN)),
                keyName(Role.ADMIN));
    keysFile = Files.writeString(dir.resolve("keys.txt"), keysFileText);
  }

  /** The JVM's test security, made on first use. */
  public static synchronized TestSecurity get() {
    if (instance == null) {
      try {
        Path root = Files.createDirectories(Path.of("target/test-security"));
        instance = new TestSecurity(Files.createTempDirectory(root, "run").toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /**
   * Server settings: TLS only with the test certificate, API keys required from the key file, read
   * again every 100 ms.
   */
  public Map<String, String> serverConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("quarkus.http.ssl.certificate.files", certificates.certificateFile().toString());
    config.put("quarkus.http.ssl.certificate.key-files", certificates.keyFile().toString());
    config.put("quarkus.http.insecure-requests", "disabled");
    config.put("metarag.auth.enabled", "true");
    config.put("metarag.auth.keys-file", keysFile.toString());
    config.put("metarag.auth.reload-interval", "100ms");
    return config;
  }

  /** Client settings of a service calling the others over TLS with a key of this role. */
  public Map<String, String> clientConfig(Role role) {
    return Map.of(
        "metarag.client.tls.enabled", "true",
        "metarag.client.tls.ca-file", certificates.caFile().toString(),
        "metarag.client.api-key-file", dir.resolve(role.label() + ".key").toString());
  }

  /** The name the key file gives the key of a role. */
  public static String keyName(Role role) {
    return "test-" + role.label();
  }

  /** The key of a role. */
  public String key(Role role) {
    return keys.get(role);
  }

  /** A TLS client trusting the test CA, with the key of this role. */
  public ClientSecurity client(Role role) {
    return noKey().withApiKey(keys.get(role));
  }

  /** A TLS client trusting the test CA, without a key. */
  public ClientSecurity noKey() {
    return new ClientSecurity(true, Optional.of(certificates.caFile()), Optional.empty());
  }

  /** A TLS client that trusts only the JVM's trust store, with the admin key. */
  public ClientSecurity withoutTheCa() {
    return new ClientSecurity(true, Optional.empty(), Optional.of(keys.get(Role.ADMIN)));
  }

  /** A channel to {@code target}. */
  public ManagedChannel channel(String target, ClientSecurity security) {
    return Channels.open(target, security);
  }

  public TestCertificates certificates() {
    return certificates;
  }

  /** The key file the secured services read (rewritten by reload tests, then restored). */
  public Path keysFile() {
    return keysFile;
  }

  /** The key file's original text. */
  public String keysFileText() {
    return keysFileText;
  }

  static String sha256Hex(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
