package dev.metarag.it.story;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the demo says it adapts from, and the advice when that is the untrained base. */
class StartingPointTest {
  private static final ModelVersion BASE = version("base", ModelKind.MODEL_KIND_BASE);
  private static final ModelVersion GENERAL = version("general-2", ModelKind.MODEL_KIND_GENERAL);
  private static final ModelVersion THETA0 = version("theta0-1", ModelKind.MODEL_KIND_THETA0);

  @Test
  void withoutARequestItIsTheFirstVersionOfTheNoDomainListing() {
    assertThat(StartingPoint.of("", List.of(THETA0, GENERAL, BASE))).isEqualTo("theta0-1");
    assertThat(StartingPoint.of("", List.of(GENERAL, BASE))).isEqualTo("general-2");
    assertThat(StartingPoint.of("", List.of(BASE))).isEqualTo("base");
    assertThat(StartingPoint.of("base", List.of(GENERAL, BASE))).isEqualTo("base");
  }

  @Test
  void onlyTheUntrainedBaseGetsTheAdviceToTrainTheGeneralReader() {
    List<String> advice = StartingPoint.advice("base", List.of(BASE));

    assertThat(String.join("\n", advice))
        .contains("only the untrained base model is registered")
        .contains("./metarag pretrain")
        .contains("150 minutes on 2 cores");
    assertThat(StartingPoint.advice("general-2", List.of(GENERAL, BASE))).isEmpty();
    assertThat(StartingPoint.advice("theta0-1", List.of(THETA0, BASE))).isEmpty();
    // Asked for by name while a general reader is registered: no advice to train one.
    assertThat(StartingPoint.advice("base", List.of(GENERAL, BASE)))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("base is the untrained model")
        .doesNotContain("pretrain");
  }

  private static ModelVersion version(String id, ModelKind kind) {
    return ModelVersion.newBuilder().setVersion(id).setKind(kind).build();
  }

  @Test
  void theDemoTakesLargeStepsOnlyFromTheUntrainedBase() {
    assertThat(StartingPoint.demoAdaptationRate("base")).isEqualTo(0.5);
    assertThat(StartingPoint.demoAdaptationRate("general-2")).isEqualTo(0.05);
    assertThat(StartingPoint.demoAdaptationRate("theta0-1")).isEqualTo(0.05);
  }
}
