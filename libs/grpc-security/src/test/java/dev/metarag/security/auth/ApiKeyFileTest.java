package dev.metarag.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiKeyFileTest {
  private static final String READER = "reader-key-0123456789";
  private static final String WRITER = "writer-key-0123456789";
  private static final String ADMIN = "admin-key-0123456789";

  static String sha256Hex(String key) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsRawAndHashedKeysWithTheirRolesAndNames() throws Exception {
    String file =
        """
        # MetaRAG keys
        %s read dashboards

        %s\twrite
           sha256:%s   admin   ops@example
        """
            .formatted(READER, WRITER, sha256Hex(ADMIN).toUpperCase());

    ApiKeys keys = ApiKeyFile.parse(file, "keys.txt");

    assertThat(keys.size()).isEqualTo(3);
    assertThat(keys.find(READER)).get().hasToString("dashboards (read)");
    assertThat(keys.find(WRITER)).get().hasToString("line 4 (write)");
    assertThat(keys.find(ADMIN)).get().hasToString("ops@example (admin)");
  }

  @Test
  void unknownKeysAndHashesThemselvesAreNotKeys() throws Exception {
    ApiKeys keys = ApiKeyFile.parse("sha256:" + sha256Hex(ADMIN) + " admin", "keys.txt");

    assertThat(keys.find(ADMIN)).isPresent();
    assertThat(keys.find(READER)).isEmpty();
    assertThat(keys.find("sha256:" + sha256Hex(ADMIN))).isEmpty();
    assertThat(keys.find("")).isEmpty();
  }

  @Test
  void windowsLineEndingsAreFine() {
    ApiKeys keys = ApiKeyFile.parse(READER + " read\r\n" + WRITER + " write\r\n", "keys.txt");

    assertThat(keys.find(WRITER)).get().extracting(ApiKey::role).isEqualTo(Role.WRITE);
  }

  @Test
  void anUnknownRoleNamesTheLineAndTheWord() {
    assertThatThrownBy(() -> ApiKeyFile.parse("# keys\n" + READER + " superuser\n", "/etc/k.txt"))
        .isInstanceOf(KeyFileException.class)
        .hasMessage(
            "API key file /etc/k.txt, line 2: unknown role 'superuser': use read, write or admin");
  }

  @Test
  void aShortKeyIsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> ApiKeyFile.parse("hunter2 admin", "keys.txt"))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("line 1: a key must be 16 to 512 printable ASCII characters")
        .hasMessageContaining("this one has 7")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aHashMustHaveSixtyFourHexDigits() {
    assertThatThrownBy(() -> ApiKeyFile.parse("sha256:abc123 read", "keys.txt"))
        .hasMessage(
            "API key file keys.txt, line 1: a hashed key is 'sha256:' followed by exactly 64 hex"
                + " digits, found 6 characters");
    assertThatThrownBy(() -> ApiKeyFile.parse("sha256:" + "g".repeat(64) + " read", "keys.txt"))
        .hasMessageContaining("line 1: a hashed key");
  }

  @Test
  void aLineNeedsAKeyAndARoleAndAtMostAName() {
    assertThatThrownBy(() -> ApiKeyFile.parse(READER, "keys.txt"))
        .hasMessage(
            "API key file keys.txt, line 1: expected '<key> <role> [<name>]', found 1 field(s)");
    assertThatThrownBy(() -> ApiKeyFile.parse(READER + " read a b", "keys.txt"))
        .hasMessageContaining("found 4 field(s)");
    assertThatThrownBy(() -> ApiKeyFile.parse(READER + " read bad/name", "keys.txt"))
        .hasMessageContaining("line 1: the name must be 1 to 64 characters");
  }

  @Test
  void theSameKeyTwiceNamesBothLines() throws Exception {
    String file = READER + " read\n" + WRITER + " write\nsha256:" + sha256Hex(READER) + " admin\n";

    assertThatThrownBy(() -> ApiKeyFile.parse(file, "keys.txt"))
        .hasMessage("API key file keys.txt, line 3: the same key as line 1");
  }

  @Test
  void aFileWithoutKeysIsAMistake() {
    assertThatThrownBy(() -> ApiKeyFile.parse("# nobody yet\n\n", "keys.txt"))
        .hasMessageStartingWith("API key file keys.txt has no keys");
  }

  @Test
  void rolesIncludeTheOnesBefore() {
    assertThat(Role.ADMIN.allows(Role.WRITE)).isTrue();
    assertThat(Role.WRITE.allows(Role.READ)).isTrue();
    assertThat(Role.WRITE.allows(Role.ADMIN)).isFalse();
    assertThat(Role.READ.allows(Role.WRITE)).isFalse();
  }
}
