package dev.metarag.trainer.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.registry.Registration;
import dev.metarag.registry.VersionKind;
import dev.metarag.registry.VersionRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Adapted versions written straight into the trainer's model registry, as the adapter would
 * register them: a manifest naming the model and the files, without real weights (StartJob reads
 * only the manifest).
 */
public final class RegisteredVersions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RegisteredVersions() {}

  /**
   * Registers {@code <domain>-v<n>} of {@code model}, adapted from base.
   *
   * @param withParameters whether its package has the parameters training starts from
   */
  public static void adapted(String version, String domain, String model, boolean withParameters)
      throws IOException {
    VersionRegistry registry = new VersionRegistry(registryDir());
    ObjectNode manifest = JSON.createObjectNode().put("name", version).put("model", model);
    manifest.set(
        Registration.FIELD,
        VersionRegistry.registration(version, domain, VersionKind.ADAPTED, "base", 1, null));
    Map<String, byte[]> files =
        withParameters
            ? Map.of("parameters.ndlist", new byte[] {1, 2, 3})
            : Map.of("tokenizer.json", "{}".getBytes(StandardCharsets.UTF_8));
    ModelPackageWriter.write(registry.path(version), files, manifest);
  }

  /** The trainer's model registry. */
  public static Path registryDir() {
    return Path.of(
        ConfigProvider.getConfig().getValue("metarag.trainer.registry-dir", String.class));
  }
}
