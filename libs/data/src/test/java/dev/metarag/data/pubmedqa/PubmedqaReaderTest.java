package dev.metarag.data.pubmedqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import dev.metarag.data.qa.QaDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PubmedqaReaderTest {

  @Test
  void theDecisionAndLongAnswerAreTheAnswers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pqal.json");
    Files.writeString(
        file,
        """
        {"123": {"QUESTION": "Does tea help?", "CONTEXTS": ["Background text.", "Results text."],
                 "final_decision": "maybe", "LONG_ANSWER": "It might.", "YEAR": "2001"}}
        """);

    QaDataset d = PubmedqaReader.read(file);

    assertThat(d.contexts().get(0).text()).isEqualTo("Background text.\n\nResults text.");
    assertThat(d.examples().get(0).answers())
        .extracting(a -> a.text())
        .containsExactly("maybe", "It might.");
    assertThat(d.examples().get(0).answers().get(0).hasSpan()).isFalse();
  }

  @Test
  void readsTheExpertLabelledSet() throws Exception {
    Path file = SharedData.resolve("pubmedqa/ori_pqal.json").orElse(null);
    assumeTrue(file != null, SharedData.missingMessage("pubmedqa/ori_pqal.json"));

    QaDataset d = PubmedqaReader.read(file);

    assertThat(d.examples()).hasSize(1000);
    assertThat(d.examples())
        .allSatisfy(e -> assertThat(e.answers().get(0).text()).isIn("yes", "no", "maybe"));
  }
}
