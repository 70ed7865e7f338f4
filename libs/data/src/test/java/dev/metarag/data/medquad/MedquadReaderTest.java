package dev.metarag.data.medquad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import dev.metarag.data.qa.QaDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MedquadReaderTest {

  @Test
  void pairsWithAnswersBecomeQuestionsAboutTheirOwnPassage() throws Exception {
    QaDataset d = MedquadReader.read(Path.of(getClass().getResource("/fixtures/medquad").toURI()));

    assertThat(d.contexts()).hasSize(2); // the pair with a blank answer is left out
    assertThat(d.examples().get(0).question()).isEqualTo("What is Imaginary Fever ?");
    assertThat(d.examples().get(0).contextId()).isEqualTo("0001-1");
    assertThat(d.contexts().get(1).metadata())
        .containsEntry("source", "TestSource")
        .containsEntry("focus", "Imaginary Fever")
        .containsEntry("qtype", "symptoms");
  }

  @Test
  void readsAllOfMedquad() throws Exception {
    Path root = SharedData.resolve("medquad").orElse(null);
    assumeTrue(root != null, SharedData.missingMessage("medquad"));

    assertThat(MedquadReader.read(root).examples()).hasSize(16407);
  }
}
