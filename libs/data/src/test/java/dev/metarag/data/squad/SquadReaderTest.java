package dev.metarag.data.squad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.SharedData;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SquadReaderTest {

  private static SquadReader.Result fixture() throws Exception {
    try (InputStream in = SquadReaderTest.class.getResourceAsStream("/fixtures/squad-mini.json")) {
      return SquadReader.read(in, "mini");
    }
  }

  @Test
  void paragraphsBecomeContextsWithTheTitleInMetadata() throws Exception {
    QaDataset d = fixture().dataset();

    assertThat(d.contexts()).extracting(QaContext::id).containsExactly("a0-p0", "a0-p1", "a1-p0");
    assertThat(d.contexts().get(2).metadata()).isEqualTo(Map.of("title", "Other Site"));
    assertThat(d.examples())
        .extracting(QaExample::contextId)
        .containsExactly("a0-p0", "a0-p0", "a0-p1", "a1-p0");
  }

  @Test
  void answersKeepTheirOffsetsAndMisalignedOnesLoseThem() throws Exception {
    SquadReader.Result r = fixture();
    QaDataset d = r.dataset();
    QaContext first = d.contexts().get(0);
    Answer partners = d.examples().get(0).answers().get(0);

    assertThat(first.text().substring(partners.start(), partners.end()))
        .isEqualTo("advertising partners");
    assertThat(d.examples().get(1).answers().get(1).hasSpan()).isFalse();
    assertThat(r.misalignedAnswers()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "xquad/xquad.en.json, 240, 1190",
    "xquad/xquad.zh.json, 240, 1190",
    "policyqa/dev.json, 574, 3809",
    "policyqa/test.json, 500, 4152",
    "covidqa/covid-qa-train.json, 103, 1417",
    "covidqa/covid-qa-test.json, 21, 375",
    "cmrc2018/cmrc2018_dev.json, 848, 3219"
  })
  void readsTheSharedSetsWithEveryOffsetAligned(String file, int contexts, int questions)
      throws Exception {
    Path path = SharedData.resolve(file).orElse(null);
    assumeTrue(path != null, SharedData.missingMessage(file));

    SquadReader.Result r = SquadReader.readChecked(path);

    assertThat(r.dataset().contexts()).hasSize(contexts);
    assertThat(r.dataset().examples()).hasSize(questions);
    assertThat(r.misalignedAnswers()).isZero();
  }
}
