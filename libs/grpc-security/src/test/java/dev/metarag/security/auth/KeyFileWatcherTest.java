package dev.metarag.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileWatcherTest {
  private static final String FIRST = "first-key-0123456789";
  private static final String SECOND = "second-key-0123456789";

  @TempDir Path dir;

  @Test
  void aChangedFileReplacesTheKeys() throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), FIRST + " read\n");
    try (KeyFileWatcher watcher = KeyFileWatcher.open(file, Duration.ofMillis(50))) {
      assertThat(watcher.keys().find(FIRST)).isPresent();

      Files.writeString(file, SECOND + " admin\n");

      await().atMost(Duration.ofSeconds(10)).until(() -> watcher.keys().find(SECOND).isPresent());
      assertThat(watcher.keys().find(FIRST)).isEmpty();
    }
  }

  @Test
  void aBrokenChangeKeepsTheKeysInForce() throws Exception {
    Path file = Files.writeString(dir.resolve("keys"), FIRST + " read\n");
    try (KeyFileWatcher watcher = KeyFileWatcher.open(file, Duration.ZERO)) {
      Files.writeString(file, SECOND + " superuser\n");
      watcher.check();

      assertThat(watcher.keys().find(FIRST)).isPresent();
      assertThat(watcher.keys().find(SECOND)).isEmpty();

      Files.delete(file);
      watcher.check();
      assertThat(watcher.keys().find(FIRST)).isPresent();

      Files.writeString(file, SECOND + " write\n");
      watcher.check();
      assertThat(watcher.keys().find(SECOND)).get().extracting(ApiKey::role).isEqualTo(Role.WRITE);
    }
  }

  @Test
  void aMissingOrBrokenFileAtStartIsAnError() throws Exception {
    assertThatThrownBy(() -> KeyFileWatcher.open(dir.resolve("absent"), Duration.ZERO))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("absent cannot be read (NoSuchFileException)");
    Path broken = Files.writeString(dir.resolve("broken"), "\n\n" + FIRST + " root\n");
    assertThatThrownBy(() -> KeyFileWatcher.open(broken, Duration.ZERO))
        .hasMessageContaining("broken, line 3: unknown role 'root'");
  }
}
