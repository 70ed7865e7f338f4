package dev.metarag.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The role table against the contracts in metarag-proto: every RPC has a line, and every line is an
 * RPC. A new RPC fails here until someone decides which role it needs.
 */
class MethodRolesTest {
  private static final List<String> PROTOS =
      List.of("retriever.proto", "generator.proto", "meta_trainer.proto", "adapter.proto");
  private static final Pattern SERVICE_OR_RPC =
      Pattern.compile("^\\s*(?:service\\s+(\\w+)|rpc\\s+(\\w+)\\s*\\()", Pattern.MULTILINE);

  static Set<String> rpcsInTheContracts() throws IOException {
    Set<String> methods = new TreeSet<>();
    for (String proto : PROTOS) {
      String text;
      try (InputStream in =
          MethodRolesTest.class.getClassLoader().getResourceAsStream("metarag/v1/" + proto)) {
        assertThat(in).as(proto + " on the test class path").isNotNull();
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String service = null;
      Matcher m = SERVICE_OR_RPC.matcher(text);
      while (m.find()) {
        if (m.group(1) != null) {
          service = m.group(1);
        } else {
          methods.add("metarag.v1." + service + "/" + m.group(2));
        }
      }
    }
    return methods;
  }

  @Test
  void everyRpcOfTheContractsHasARoleAndEveryRoleAnRpc() throws IOException {
    Set<String> rpcs = rpcsInTheContracts();

    assertThat(rpcs).hasSizeGreaterThanOrEqualTo(24);
    assertThat(MethodRoles.methods()).containsExactlyInAnyOrderElementsOf(rpcs);
  }

  @Test
  void healthAndReflectionAreOpenAndNothingElse() {
    assertThat(MethodRoles.isOpen("grpc.health.v1.Health/Check")).isTrue();
    assertThat(MethodRoles.isOpen("grpc.health.v1.Health/Watch")).isTrue();
    assertThat(MethodRoles.isOpen("grpc.reflection.v1.ServerReflection/ServerReflectionInfo"))
        .isTrue();
    assertThat(MethodRoles.isOpen("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"))
        .isTrue();
    assertThat(MethodRoles.isOpen("metarag.v1.Retriever/Retrieve")).isFalse();
    assertThat(MethodRoles.isOpen("grpc.health.v1.HealthX/Check")).isFalse();
    assertThat(MethodRoles.required("metarag.v1.Retriever/Unknown")).isEmpty();
  }

  @Test
  void writingNeedsMoreThanReadingAndServingChangesNeedAdmin() {
    assertThat(MethodRoles.required("metarag.v1.Retriever/Retrieve")).contains(Role.READ);
    assertThat(MethodRoles.required("metarag.v1.Retriever/Ingest")).contains(Role.WRITE);
    assertThat(MethodRoles.required("metarag.v1.MetaTrainer/StartJob")).contains(Role.WRITE);
    assertThat(MethodRoles.required("metarag.v1.Adapter/Adapt")).contains(Role.WRITE);
    assertThat(MethodRoles.required("metarag.v1.Retriever/DeleteCollection")).contains(Role.ADMIN);
    assertThat(MethodRoles.required("metarag.v1.Adapter/PromoteVersion")).contains(Role.ADMIN);
    assertThat(MethodRoles.required("metarag.v1.Adapter/DeleteVersion")).contains(Role.ADMIN);
  }
}
