package dev.metarag.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPackageWriterTest {

  private static ObjectNode manifest() {
    ObjectNode m = new ObjectMapper().createObjectNode().put("name", "rag").put("version", "v3");
    m.putObject("lineage").put("algorithm", "adapt").put("steps", 1);
    return m;
  }

  private static ModelPackage write(Path dir) throws Exception {
    return ModelPackageWriter.write(
        dir,
        Map.of("reader.onnx", new byte[] {1, 2, 3}, "tokenizer.json", "{}".getBytes()),
        manifest());
  }

  @Test
  void aWrittenPackageOpensWithItsManifestAndChecksums(@TempDir Path registry) throws Exception {
    write(registry.resolve("v3"));

    ModelPackage pkg = ModelPackage.open(registry.resolve("v3"));

    assertThat(pkg.version()).isEqualTo("v3");
    assertThat(pkg.manifest().path("lineage").path("algorithm").asText()).isEqualTo("adapt");
    assertThat(pkg.checksums()).containsOnlyKeys("reader.onnx", "tokenizer.json");
    try (Stream<Path> left = Files.list(registry)) {
      assertThat(left)
          .extracting(p -> p.getFileName().toString())
          .containsExactly("v3"); // no staging left
    }
  }

  @Test
  void anExistingVersionIsNeverOverwritten(@TempDir Path registry) throws Exception {
    write(registry.resolve("v3"));

    assertThatThrownBy(() -> write(registry.resolve("v3")))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void aCorruptFileIsNamed(@TempDir Path registry) throws Exception {
    write(registry.resolve("v3"));
    Files.write(registry.resolve("v3/reader.onnx"), new byte[] {9, 9});

    assertThatThrownBy(() -> ModelPackage.open(registry.resolve("v3")))
        .isInstanceOf(InvalidModelPackageException.class)
        .hasMessageContaining("reader.onnx is corrupt");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path registry) throws Exception {
    write(registry.resolve("v3"));
    Files.delete(registry.resolve("v3/tokenizer.json"));

    assertThatThrownBy(() -> ModelPackage.open(registry.resolve("v3")))
        .isInstanceOf(InvalidModelPackageException.class)
        .hasMessageContaining("tokenizer.json is missing");
  }

  @Test
  void aMissingManifestIsNamed(@TempDir Path registry) throws Exception {
    write(registry.resolve("v3"));
    Files.delete(registry.resolve("v3/manifest.json"));

    assertThatThrownBy(() -> ModelPackage.open(registry.resolve("v3")))
        .isInstanceOf(InvalidModelPackageException.class)
        .hasMessageContaining("manifest.json is missing");
  }
}
