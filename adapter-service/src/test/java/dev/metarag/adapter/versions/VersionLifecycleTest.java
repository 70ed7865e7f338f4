package dev.metarag.adapter.versions;

import static dev.metarag.testing.grpc.StatusAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.adapter.support.AdapterClient;
import dev.metarag.adapter.support.FixtureExamples;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.DeleteVersionRequest;
import dev.metarag.proto.v1.DescribeCollectionRequest;
import dev.metarag.proto.v1.EncoderInfo;
import dev.metarag.proto.v1.GetVersionRequest;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.PromoteVersionRequest;
import dev.metarag.proto.v1.PromoteVersionResponse;
import dev.metarag.proto.v1.RollbackVersionRequest;
import dev.metarag.proto.v1.RollbackVersionResponse;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A domain's versions through their life: listed newest first, promoted (the retriever's query
 * encoder follows), rolled back step by step to the default model, deleted when inactive, and
 * numbered without reuse.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.adapter.retriever"))
class VersionLifecycleTest {
  private AdapterClient client;

  @BeforeEach
  void connect() {
    client = new AdapterClient();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private ModelVersion adapt(String base) {
    return client
        .blocking
        .adapt(
            AdaptRequest.newBuilder()
                .setDomain("kitchen")
                .setBaseVersion(base)
                .setSupport(FixtureExamples.inline(FixtureExamples.of("kitchen").subList(0, 4)))
                .setParameters(
                    ParameterSubset.newBuilder()
                        .setKind(ParameterSubsetKind.PARAMETER_SUBSET_KIND_HEADS_ONLY))
                .setRetrievalTopK(2)
                .setSeed(3)
                .build())
        .getVersion();
  }

  private EncoderInfo queryEncoder() {
    return client
        .retriever
        .describeCollection(DescribeCollectionRequest.newBuilder().setName("kitchen").build())
        .getCollection()
        .getQueryEncoder();
  }

  private PromoteVersionResponse promote(String version) {
    return client.blocking.promoteVersion(
        PromoteVersionRequest.newBuilder().setDomain("kitchen").setVersion(version).build());
  }

  private RollbackVersionResponse rollback() {
    return client.blocking.rollbackVersion(
        RollbackVersionRequest.newBuilder().setDomain("kitchen").build());
  }

  /**
   * The retriever's encoder is swapped before the registry records a promotion; when that record
   * cannot be written, the retriever must be pointed back at the version the registry still has as
   * active. The write fails for real: the registry's domain-state directory is made immutable
   * (chattr +i, which binds even root), where that is possible.
   */
  @Test
  void aPromotionTheRegistryCannotRecordLeavesTheRetrieverOnTheActiveVersion() throws Exception {
    String first = adapt("base").getVersion();
    String second = adapt("base").getVersion();
    Path domains =
        Path.of(
                client
                    .blocking
                    .getVersion(
                        GetVersionRequest.newBuilder()
                            .setDomain("kitchen")
                            .setVersion(first)
                            .build())
                    .getVersion()
                    .getPackagePath())
            .getParent()
            .resolve("_domains");
    promote(first);
    assumeTrue(
        chattr("+i", domains),
        "chattr +i is not available here (needs root and a file system with attributes)");
    try {
      // The failure is the registry's write of the domain state, after the retriever was swapped.
      // The caller gets a reference to the logged failure, never the server's file names.
      assertThatThrownBy(() -> promote(second))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                assertThat(e.getStatus().getDescription())
                    .startsWith("internal error (reference ")
                    .doesNotContain("kitchen.json", "_domains");
              });
      assertThat(queryEncoder().getVersion()).isEqualTo(first);
    } finally {
      assertThat(chattr("-i", domains)).isTrue();
    }
    assertThat(
            client
                .blocking
                .listVersions(ListVersionsRequest.newBuilder().setDomain("kitchen").build())
                .getActiveVersion())
        .isEqualTo(first);
    // Back to the default model, as the other tests of this class expect to find the domain.
    assertThat(rollback().getServingDefault()).isTrue();
    for (String v : List.of(first, second)) {
      client.blocking.deleteVersion(
          DeleteVersionRequest.newBuilder().setDomain("kitchen").setVersion(v).build());
    }
  }

  private static boolean chattr(String flag, Path dir) {
    try {
      Process p =
          new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void promoteRollbackAndDeleteKeepTheRetrieverInStep() {
    String documentEncoder = queryEncoder().getVersion();
    String first = adapt("base").getVersion();
    String second = adapt("base").getVersion();

    var listed =
        client.blocking.listVersions(ListVersionsRequest.newBuilder().setDomain("kitchen").build());
    assertThat(listed.getVersionsList())
        .extracting(ModelVersion::getVersion)
        .startsWith(second, first);
    assertThat(listed.getActiveVersion()).isEmpty();

    assertThat(promote(first).hasPrevious()).isFalse();
    assertThat(queryEncoder().getVersion()).isEqualTo(first);
    PromoteVersionResponse toSecond = promote(second);
    assertThat(toSecond.getActive().getVersion()).isEqualTo(second);
    assertThat(toSecond.getActive().getActive()).isTrue();
    assertThat(toSecond.getPrevious().getVersion()).isEqualTo(first);
    assertThat(queryEncoder().getVersion()).isEqualTo(second);
    assertThat(queryEncoder().getSource()).isEqualTo(toSecond.getActive().getPackagePath());
    assertThat(promote(second).getActive().getVersion()).isEqualTo(second);

    assertStatus(
        () ->
            client.blocking.deleteVersion(
                DeleteVersionRequest.newBuilder().setDomain("kitchen").setVersion(second).build()),
        Status.Code.FAILED_PRECONDITION,
        second);

    RollbackVersionResponse back = rollback();
    assertThat(back.getActive().getVersion()).isEqualTo(first);
    assertThat(back.getRolledBack().getVersion()).isEqualTo(second);
    assertThat(back.getServingDefault()).isFalse();
    assertThat(queryEncoder().getVersion()).isEqualTo(first);

    RollbackVersionResponse toDefault = rollback();
    assertThat(toDefault.getServingDefault()).isTrue();
    assertThat(toDefault.hasActive()).isFalse();
    assertThat(queryEncoder().getVersion()).isEqualTo(documentEncoder);
    assertThat(queryEncoder().getSource()).isEmpty();
    assertStatus(this::rollback, Status.Code.FAILED_PRECONDITION, "kitchen");

    var deleted =
        client.blocking.deleteVersion(
            DeleteVersionRequest.newBuilder().setDomain("kitchen").setVersion(second).build());
    assertThat(deleted.getDeleted().getVersion()).isEqualTo(second);
    assertThat(deleted.getBytesFreed()).isPositive();
    assertStatus(
        () ->
            client.blocking.getVersion(
                GetVersionRequest.newBuilder().setDomain("kitchen").setVersion(second).build()),
        Status.Code.NOT_FOUND,
        second);

    ModelVersion third = adapt(first);
    assertThat(third.getVersion()).isNotIn(first, second);
    assertThat(number(third.getVersion())).isGreaterThan(number(second));
    assertThat(third.getParentVersion()).isEqualTo(first);
    assertThat(third.getLineage().getAncestorsList()).containsExactly("base", first);
    assertThat(Path.of(third.getPackagePath())).isDirectory();
  }

  @Test
  void anotherDomainsVersionIsNoBaseForThisOne() {
    String kitchen = adapt("base").getVersion();

    assertStatus(
        () ->
            client.blocking.adapt(
                AdaptRequest.newBuilder()
                    .setDomain("garden")
                    .setBaseVersion(kitchen)
                    .setSupport(FixtureExamples.inline(FixtureExamples.of("garden").subList(0, 2)))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "base_version: '" + kitchen + "' belongs to domain 'kitchen'");
    assertStatus(
        () ->
            client.blocking.getVersion(
                GetVersionRequest.newBuilder().setDomain("garden").setVersion(kitchen).build()),
        Status.Code.NOT_FOUND,
        "kitchen");
  }

  private static int number(String version) {
    return Integer.parseInt(version.substring(version.lastIndexOf("-v") + 2));
  }
}
