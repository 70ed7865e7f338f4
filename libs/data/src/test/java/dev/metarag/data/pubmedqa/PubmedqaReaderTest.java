package dev.metarag.data.pubmedqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.Fixtures;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PubmedqaReaderTest {

  @Test
  void theContextIsTheJoinedSectionsAndTheAnswersTheDecisionAndLongAnswer() throws Exception {
    QaDataset d = PubmedqaReader.read(Fixtures.path("pubmedqa/ori_pqal.json"));

    QaContext tea = d.contexts().get(0);
    assertThat(tea.id()).isEqualTo("111");
    assertThat(tea.text()).isEqualTo("Background text.\n\nResults text.");
    QaExample question = d.examples().get(0);
    assertThat(question.contextId()).isEqualTo("111");
    assertThat(question.answers())
        .containsExactly(Answer.withoutSpan("maybe"), Answer.withoutSpan("It might."));
  }

  @Test
  void theDecisionStaysOutOfTheContext() throws Exception {
    QaDataset d = PubmedqaReader.read(Fixtures.path("pubmedqa/ori_pqal.json"));

    assertThat(d.contexts().get(0).metadata())
        .isEqualTo(Map.of("year", "2001", "meshes", "Tea; Humans"));
    assertThat(d.contexts().get(1).metadata()).containsEntry("year", "");
  }

  @Test
  void decisionFilesMapIdsToDecisions() throws Exception {
    assertThat(PubmedqaReader.readDecisions(Fixtures.path("pubmedqa/test_ground_truth.json")))
        .isEqualTo(Map.of("222", "yes"));
  }

  @Test
  void readsTheExpertLabelledSet() throws Exception {
    assumeTrue(SharedData.locate().isPresent(), SharedData.missingMessage("pubmedqa"));
    Path file = SharedData.resolve("pubmedqa/ori_pqal.json").orElseThrow();
    Path truth = SharedData.resolve("pubmedqa/test_ground_truth.json").orElseThrow();

    QaDataset d = PubmedqaReader.read(file);
    Map<String, String> test = PubmedqaReader.readDecisions(truth);

    assertThat(d.examples()).hasSize(1000);
    assertThat(d.contexts()).allSatisfy(c -> assertThat(c.text()).isNotBlank());
    assertThat(
            d.examples().stream()
                .collect(
                    Collectors.groupingBy(e -> e.answers().get(0).text(), Collectors.counting())))
        .isEqualTo(Map.of("yes", 552L, "no", 338L, "maybe", 110L));
    // The test split: 500 of the 1000, with the same decisions.
    assertThat(test).hasSize(500);
    Map<String, QaExample> byId =
        d.examples().stream().collect(Collectors.toMap(QaExample::id, e -> e));
    assertThat(test)
        .allSatisfy(
            (id, decision) -> assertThat(byId.get(id).answerTexts()).first().isEqualTo(decision));
  }
}
