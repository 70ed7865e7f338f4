package dev.metarag.it.story;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.JobKind;
import dev.metarag.proto.v1.JobSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The general-reader job ./metarag pretrain asks for, from its options. */
class PretrainSpecTest {

  @Test
  void byDefaultItTrainsTwentyThousandQuestionsFromThePretrainedEncoder() {
    JobSpec spec = Pretrain.spec(Pretrain.settings(Map.of()));

    assertThat(spec.getKind()).isEqualTo(JobKind.JOB_KIND_GENERAL_READER);
    assertThat(spec.getBaseModelVersion()).as("empty: the trainer starts from base").isEmpty();
    assertThat(spec.getDomains(0).getDataset().getName()).isEqualTo("squad/train");
    assertThat(spec.getDomains(0).getDataset().getLimit()).isEqualTo(20000);
    assertThat(spec.getEvaluationDomains(0).getDataset().getName()).isEqualTo("squad/dev");
  }

  @Test
  void fromContinuesARegisteredVersionOnOtherQuestionsAndTheSameDevQuestions() {
    JobSpec first = Pretrain.spec(Pretrain.settings(Map.of()));
    JobSpec next =
        Pretrain.spec(
            Pretrain.settings(Map.of("from", "general-1", "seed", "2", "questions", "12000")));

    assertThat(next.getBaseModelVersion()).isEqualTo("general-1");
    assertThat(next.getDomains(0).getDataset().getSeed()).isEqualTo(2);
    assertThat(next.getDomains(0).getDataset().getLimit()).isEqualTo(12000);
    // Curves of both runs are read on the same dev questions.
    assertThat(next.getEvaluationDomains(0).getDataset())
        .isEqualTo(first.getEvaluationDomains(0).getDataset());
  }
}
