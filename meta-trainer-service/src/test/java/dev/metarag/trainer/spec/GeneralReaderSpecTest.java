package dev.metarag.trainer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.proto.v1.DatasetRef;
import dev.metarag.proto.v1.GeneralReaderSpec;
import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.MetaAlgorithm;
import dev.metarag.proto.v1.ParameterSubsetKind;
import dev.metarag.proto.v1.SourceDomain;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What StartJob accepts for a GENERAL_READER job and what it fills in. */
class GeneralReaderSpecTest {
  static JobSpec.Builder squad() {
    return JobSpec.newBuilder()
        .setKind(JobKind.JOB_KIND_GENERAL_READER)
        .addDomains(
            SourceDomain.newBuilder()
                .setName("squad")
                .setCollection("squad-train")
                .setDataset(DatasetRef.newBuilder().setName("squad/train")));
  }

  @Test
  void aGeneralReaderSpecGetsItsOwnDefaultsAndNoMetaLearningOnes() {
    JobSpec s = JobSpecValidator.validate(squad().build());

    GeneralReaderSpec g = s.getGeneralReader();
    assertThat(g.getEpochs()).isEqualTo(1);
    assertThat(g.getBatchSize()).isEqualTo(16);
    assertThat(g.getLearningRate()).isEqualTo(1e-4);
    assertThat(g.getWarmupFraction()).isEqualTo(0.1);
    assertThat(g.getHardNegatives()).isEqualTo(1);
    assertThat(s.getCheckpointEvery()).isEqualTo(250);
    assertThat(s.getEvaluateEvery()).isEqualTo(1000);
    assertThat(s.getTrainableParameters().getKind())
        .isEqualTo(ParameterSubsetKind.PARAMETER_SUBSET_KIND_ALL);
    assertThat(s.getSeed()).isNotZero();
    // The meta-learning fields stay unset: nothing in the stored spec pretends they were used.
    assertThat(s.getAlgorithm()).isEqualTo(MetaAlgorithm.META_ALGORITHM_UNSPECIFIED);
    assertThat(s.getSupportSize()).isZero();
    assertThat(s.getMetaSteps()).isZero();
    assertThat(s.getDomains(0).getCollection()).isEqualTo("squad-train");
    assertThat(JobSpecValidator.validate(s)).isEqualTo(s);
  }

  @Test
  void explicitZerosForWarmUpAndNegativesAreKept() {
    JobSpec s =
        JobSpecValidator.validate(
            squad()
                .setGeneralReader(
                    GeneralReaderSpec.newBuilder().setWarmupFraction(0).setHardNegatives(0))
                .build());

    assertThat(s.getGeneralReader().getWarmupFraction()).isZero();
    assertThat(s.getGeneralReader().getHardNegatives()).isZero();
  }

  static Stream<Arguments> metaLearningFields() {
    return Stream.of(
        Arguments.of("spec.algorithm", op(b -> b.setAlgorithm(MetaAlgorithm.META_ALGORITHM_JOINT))),
        Arguments.of("spec.support_size", op(b -> b.setSupportSize(8))),
        Arguments.of("spec.query_size", op(b -> b.setQuerySize(8))),
        Arguments.of("spec.inner_learning_rate", op(b -> b.setInnerLearningRate(0.01))),
        Arguments.of("spec.inner_steps", op(b -> b.setInnerSteps(2))),
        Arguments.of("spec.outer_learning_rate", op(b -> b.setOuterLearningRate(0.01))),
        Arguments.of("spec.meta_batch_size", op(b -> b.setMetaBatchSize(2))),
        Arguments.of("spec.meta_steps", op(b -> b.setMetaSteps(10))));
  }

  private static UnaryOperator<JobSpec.Builder> op(UnaryOperator<JobSpec.Builder> f) {
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metaLearningFields")
  void aMetaLearningFieldIsRefusedNotIgnored(String field, UnaryOperator<JobSpec.Builder> set) {
    assertThatThrownBy(() -> JobSpecValidator.validate(set.apply(squad()).build()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(field)
        .hasMessageContaining("spec.general_reader");
  }

  @Test
  void generalReaderSettingsOnAMetaTrainingJobAreRefused() {
    JobSpec meta =
        JobSpecValidatorTest.minimal().toBuilder()
            .setGeneralReader(GeneralReaderSpec.newBuilder().setEpochs(2))
            .build();

    assertThatThrownBy(() -> JobSpecValidator.validate(meta))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.general_reader");
  }

  @Test
  void settingsOutOfRangeNameTheirField() {
    assertThatThrownBy(
            () ->
                JobSpecValidator.validate(
                    squad()
                        .setGeneralReader(GeneralReaderSpec.newBuilder().setHardNegatives(20))
                        .build()))
        .hasMessageContaining("spec.general_reader.hard_negatives");
    assertThatThrownBy(
            () ->
                JobSpecValidator.validate(
                    squad()
                        .setGeneralReader(GeneralReaderSpec.newBuilder().setLearningRate(0.5))
                        .build()))
        .hasMessageContaining("spec.general_reader.learning_rate");
    assertThatThrownBy(
            () ->
                JobSpecValidator.validate(
                    squad()
                        .setGeneralReader(GeneralReaderSpec.newBuilder().setWarmupFraction(0.9))
                        .build()))
        .hasMessageContaining("spec.general_reader.warmup_fraction");
    assertThatThrownBy(() -> JobSpecValidator.validate(squad().clearDomains().build()))
        .hasMessageContaining("spec.domains");
  }
}
