package dev.metarag.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.inference.model.PackageFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A writer in its own process, as the adapter exports a package: it reserves the domain's next
 * version and writes its package with {@link ModelPackageWriter}, stopping half-way through the
 * encoder file to print {@code writing <version>} and wait for a line on its input ({@code finish}
 * or the input closed lets it complete). {@link ChildWriter} runs it.
 */
public final class ExportingWriter {
  static final String WRITING = "writing ";
  static final String DONE = "done ";

  private ExportingWriter() {}

  /** Arguments: the registry root and the domain. */
  public static void main(String[] args) throws Exception {
    VersionRegistry registry = new VersionRegistry(Path.of(args[0]));
    String domain = args[1];
    String version = registry.reserveAdaptedVersion(domain);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Map<String, PackageFile> files = new LinkedHashMap<>();
    files.put(
        ModelPackage.QUERY_ENCODER,
        out -> {
          out.write(new byte[1 << 20]);
          out.flush();
          System.out.println(WRITING + version);
          System.out.flush();
          in.readLine(); // "finish", or null when the parent closes the pipe
          out.write(new byte[1 << 20]);
        });
    files.put(ModelPackage.TOKENIZER, PackageFile.of("{\"tokens\":[]}".getBytes()));
    ObjectNode manifest = TestPackages.JSON.createObjectNode().put("name", "exported");
    manifest.set(
        Registration.FIELD,
        VersionRegistry.registration(
            version,
            domain,
            VersionKind.ADAPTED,
            "base",
            System.currentTimeMillis(),
            TestPackages.details("exported by a child process")));
    ModelPackageWriter.writeFiles(registry.path(version), files, manifest);
    System.out.println(DONE + version);
  }
}
