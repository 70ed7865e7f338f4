package dev.metarag.data.squad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.metarag.data.Fixtures;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.DatasetFormatException;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SquadReaderTest {

  private static SquadReader.Result fixture() throws IOException {
    return SquadReader.readChecked(Fixtures.path("squad-mini.json"));
  }

  @Test
  void paragraphsBecomeContextsWithTheTitleInMetadata() throws Exception {
    QaDataset d = fixture().dataset();

    assertThat(d.name()).isEqualTo("squad-mini");
    assertThat(d.contexts())
        .extracting(QaContext::id)
        .containsExactly("a0-p0", "a0-p1", "a1-p0", "a2-p0");
    assertThat(d.contexts().get(2).metadata()).isEqualTo(Map.of("title", "Other Site"));
    assertThat(d.contexts().get(3).metadata()).isEqualTo(Map.of("title", "", "document_id", "42"));
    assertThat(d.examples())
        .extracting(QaExample::id, QaExample::contextId)
        .containsExactly(
            tuple("q1", "a0-p0"), tuple("q2", "a0-p0"), tuple("q3", "a0-p1"), tuple("q4", "a1-p0"));
  }

  @Test
  void aQuestionPaddedWithSpacesReadsAsItsWords() throws Exception {
    // SQuAD v1.1 train holds one like it: 25,651 characters, the question after 24,000 spaces.
    String padded = " ".repeat(5000) + "What radiates two lobes?\n\t " + " ".repeat(300);
    String json =
        """
        {"version": "1.1", "data": [{"title": "T", "paragraphs": [{"context": "Dipoles radiate.",
          "qas": [{"id": "q", "question": %s, "answers": [{"text": "Dipoles", "answer_start": 0}]}]
        }]}]}
        """
            .formatted(JsonMapper.builder().build().writeValueAsString(padded));
    QaDataset d =
        SquadReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "padded")
            .dataset();

    assertThat(d.examples())
        .singleElement()
        .extracting(QaExample::question)
        .isEqualTo("What radiates two lobes?");
  }

  @Test
  void offsetsThatPointAtTheirTextAreKept() throws Exception {
    QaDataset d = fixture().dataset();
    Answer partners = d.examples().get(0).answers().get(0);

    assertThat(d.contexts().get(0).text().substring(partners.startChar(), partners.endChar()))
        .isEqualTo("advertising partners");
  }

  @Test
  void codePointOffsetsAreConvertedToJavaOffsets() throws Exception {
    // "🙂 A smile means happy.": the emoji is one code point but two UTF-16 units, so "happy"
    // starts at code point 16 (as the file says, Python-style) and at Java index 17.
    QaDataset d = fixture().dataset();
    Answer happy = d.examples().get(3).answers().get(0);

    assertThat(happy.startChar()).isEqualTo(17);
    assertThat(d.contexts().get(2).text().substring(happy.startChar(), happy.endChar()))
        .isEqualTo("happy");
  }

  @Test
  void answersThatDoNotMatchAreKeptWithoutASpanAndListed() throws Exception {
    SquadReader.Result r = fixture();
    QaDataset d = r.dataset();

    assertThat(d.examples().get(1).answers().get(1)).isEqualTo(new Answer("wrong offset", -1));
    assertThat(d.examples().get(3).answers().get(1).hasSpan()).isFalse();
    assertThat(r.mismatches())
        .containsExactly(
            new AnswerMismatch("q2", "a0-p0", "wrong offset", 3),
            new AnswerMismatch("q4", "a1-p0", "joy", -1));
    assertThat(r.misalignedAnswers()).isEqualTo(2);
  }

  @Test
  void aFileWithoutDataIsRejectedAsNotSquad() {
    var in = new ByteArrayInputStream("{\"version\": \"1.1\"}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> SquadReader.read(in, "broken"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("not SQuAD JSON: no top-level \"data\" array");
  }

  @Test
  void textThatIsNotJsonIsReportedByLineAndColumnWithoutQuotingIt() {
    String passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/false\n";
    var in = new ByteArrayInputStream(passwd.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> SquadReader.read(in, "passwd"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("line 1, column 1: not valid JSON")
        .hasMessageNotContaining("root");
  }

  /** Counts as measured; they agree with the data README where it gives them. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "xquad/xquad.en.json, 240, 1190, 1190, 0",
    "xquad/xquad.zh.json, 240, 1190, 1190, 0",
    "policyqa/dev.json, 574, 3809, 6044, 0",
    "policyqa/test.json, 500, 4152, 6354, 0",
    "covidqa/covid-qa-train.json, 103, 1417, 1417, 0",
    "covidqa/covid-qa-dev.json, 21, 203, 203, 0",
    "covidqa/covid-qa-test.json, 21, 375, 375, 0",
    // CMRC 2018 dev: 193 of its 9657 answers have answer_start -1 and a text not in the paragraph.
    "cmrc2018/cmrc2018_dev.json, 848, 3219, 9657, 193",
    "cmrc2018/cmrc2018_trial.json, 256, 1002, 1002, 0"
  })
  void readsTheSharedSets(String file, int contexts, int questions, int answers, int mismatches)
      throws Exception {
    assumeTrue(SharedData.locate().isPresent(), SharedData.missingMessage(file));
    Path path = SharedData.resolve(file).orElse(null);
    assumeTrue(path != null, SharedData.missingMessage(file));

    SquadReader.Result r = SquadReader.readChecked(path);
    QaDataset d = r.dataset();

    assertThat(d.contexts()).hasSize(contexts);
    assertThat(d.examples()).hasSize(questions);
    assertThat(d.examples().stream().mapToInt(e -> e.answers().size()).sum()).isEqualTo(answers);
    assertThat(r.misalignedAnswers()).isEqualTo(mismatches);
    assertThat(r.mismatches()).allSatisfy(m -> assertThat(m.answerStart()).isEqualTo(-1));
    // Every answer that has a span points at its text.
    Map<String, QaContext> byId = d.contextsById();
    for (QaExample e : d.examples()) {
      String text = byId.get(e.contextId()).text();
      for (Answer a : e.answers()) {
        if (a.hasSpan()) {
          assertThat(text.substring(a.startChar(), a.endChar())).isEqualTo(a.text());
        }
      }
    }
  }

  @Test
  void policyTitlesNameThePolicies() throws Exception {
    Path path = SharedData.resolve("policyqa/dev.json").orElse(null);
    assumeTrue(path != null, SharedData.missingMessage("policyqa/dev.json"));

    QaDataset d = SquadReader.read(path);

    assertThat(d.contexts().stream().map(c -> c.metadata().get("title")).distinct()).hasSize(20);
  }
}
