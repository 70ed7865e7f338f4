package dev.metarag.data.medquad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.Fixtures;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedquadReaderTest {

  private static QaDataset fixture() throws IOException {
    return MedquadReader.read(Fixtures.path("medquad"));
  }

  @Test
  void pairsWithAnswersBecomeQuestionsAboutTheirOwnPassage() throws Exception {
    QaDataset d = fixture();

    // 1_Test has three pairs, one with a blank answer; 2_Other and 3_Lower one each.
    assertThat(d.contexts())
        .extracting(QaContext::id)
        .containsExactly("1_Test/0001-1", "1_Test/0001-3", "2_Other/0001-1", "3_Lower/0007-1");
    QaExample first = d.examples().get(0);
    assertThat(first.question()).isEqualTo("What is Imaginary Fever ?");
    assertThat(first.contextId()).isEqualTo(first.id()).isEqualTo("1_Test/0001-1");
    assertThat(first.answers())
        .containsExactly(Answer.withoutSpan(d.contexts().get(0).text()))
        .allSatisfy(a -> assertThat(a.hasSpan()).isFalse());
  }

  @Test
  void idsStayUniqueWhenTwoSourcesReuseADocumentId() throws Exception {
    // 1_Test/0001.xml and 2_Other/0001.xml both have question id 0001-1.
    assertThat(fixture().contextsById()).hasSize(4);
  }

  @Test
  void passagesCarrySourceFocusTypeAndUrl() throws Exception {
    QaContext symptoms = fixture().contexts().get(1);

    assertThat(symptoms.title()).isEqualTo("Imaginary Fever");
    assertThat(symptoms.metadata())
        .isEqualTo(
            Map.of(
                "source", "TestSource",
                "focus", "Imaginary Fever",
                "qtype", "symptoms",
                "url", "https://example.org"));
  }

  @Test
  void theLowerCaseSchemaOfSomeFilesIsReadToo() throws Exception {
    QaDataset d = fixture();

    assertThat(d.examples().get(3).question())
        .isEqualTo("is there any treatment for Fictional Itch ?");
    assertThat(d.contexts().get(3).metadata())
        .containsEntry("source", "LowerSource")
        .containsEntry("focus", "Fictional Itch")
        .containsEntry("qtype", "treatment");
  }

  @Test
  void indentationIsTidied() throws Exception {
    assertThat(fixture().contexts().get(2).text())
        .isEqualTo("Pretend cough is another invented condition.\n\nIt only exists in fixtures.");
  }

  @Test
  void externalEntitiesAreRefused(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "do not read me");
    Files.createDirectories(dir.resolve("medquad/1_Evil"));
    Files.writeString(
        dir.resolve("medquad/1_Evil/0001.xml"),
        """
        <?xml version="1.0"?>
        <!DOCTYPE Document [<!ENTITY x SYSTEM "%s">]>
        <Document id="1" source="Evil"><QAPairs><QAPair pid="1">
        <Question qid="1-1" qtype="information">What?</Question><Answer>&x;</Answer>
        </QAPair></QAPairs></Document>
        """
            .formatted(secret.toUri()));

    assertThatThrownBy(() -> MedquadReader.read(dir.resolve("medquad")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("1_Evil/0001.xml");
  }

  @Test
  void readsAllOfMedquad() throws Exception {
    assumeTrue(SharedData.locate().isPresent(), SharedData.missingMessage("medquad"));
    Path root = SharedData.resolve("medquad").orElseThrow();

    QaDataset d = MedquadReader.read(root);

    // The data README's 16,407 leaves out the 16 pairs of four NINDS files in another schema.
    assertThat(d.examples()).hasSize(16_423);
    assertThat(d.contextsById()).hasSize(16_423);
    assertThat(
            d.contexts().stream()
                .collect(
                    Collectors.groupingBy(c -> c.metadata().get("source"), Collectors.counting())))
        .containsEntry("GHR", 5430L)
        .containsEntry("GARD", 5389L)
        .containsEntry("NINDS", 1104L)
        .hasSize(9);
    assertThat(d.contexts()).allSatisfy(c -> assertThat(c.text()).isNotBlank());
  }
}
