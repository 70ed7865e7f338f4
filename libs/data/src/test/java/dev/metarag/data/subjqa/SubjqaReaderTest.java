package dev.metarag.data.subjqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.metarag.data.Fixtures;
import dev.metarag.data.SharedData;
import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.DatasetFormatException;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjqaReaderTest {

  private static QaDataset fixture() throws IOException {
    return SubjqaReader.read(Fixtures.path("subjqa/electronics/splits/test.csv"));
  }

  @Test
  void theNameComesFromTheDomainFolderAndTheSplit() throws Exception {
    assertThat(fixture().name()).isEqualTo("subjqa-electronics-test");
  }

  @Test
  void aFileNearTheTopOfTheFileSystemHasNoDomainInsteadOfFailing() {
    // The grandparent of /etc/passwd is the root, which has no file name: this once threw an NPE.
    assertThat(SubjqaReader.datasetName(Path.of("/etc/passwd"))).isEqualTo("subjqa-unknown-passwd");
    assertThat(SubjqaReader.datasetName(Path.of("/train.csv"))).isEqualTo("subjqa-unknown-train");
    assertThat(SubjqaReader.datasetName(Path.of("/d/books/splits/dev.csv")))
        .isEqualTo("subjqa-books-dev");
  }

  @Test
  void aFileWithoutTheSubjqaColumnsIsReportedWithoutQuotingIt() {
    String passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/false\n";

    assertThatThrownBy(() -> SubjqaReader.read(new StringReader(passwd), "passwd"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("line 1: not a SubjQA split, the header lacks review_id, review,")
        .hasMessageNotContaining("root")
        .hasMessageNotContaining("daemon");
  }

  @Test
  void aRowThatDoesNotFitTheHeaderIsReportedByNumber() {
    String csv =
        "review_id,review,item_id,domain,q_review_id,question,human_ans_indices\n"
            + "R1,Good. ANSWERNOTFOUND,I1,books,Q1,Is it good?,\"(0, 4)\"\n"
            + "R2,secret text\n";

    assertThatThrownBy(() -> SubjqaReader.read(new StringReader(csv), "short"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage("row 2 (line 3): 2 values for 7 columns")
        .hasMessageNotContaining("secret");
  }

  @Test
  void anOffsetTooLargeForANumberIsReportedByRow() {
    String csv =
        "review_id,review,item_id,domain,q_review_id,question,human_ans_indices\n"
            + "R1,Good. ANSWERNOTFOUND,I1,books,Q1,Is it good?,\"(0, 99999999999999)\"\n";

    assertThatThrownBy(() -> SubjqaReader.read(new StringReader(csv), "huge"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("row 1 (line 2): human_ans_indices")
        .hasMessageNotContaining("99999999999999");
  }

  @Test
  void anUnclosedQuoteIsReportedByLine() {
    String csv =
        "review_id,review,item_id,domain,q_review_id,question,human_ans_indices\n"
            + "R1,\"Good. ANSWERNOTFOUND,I1,books,Q1,Is it good?,(0, 4)\n";

    assertThatThrownBy(() -> SubjqaReader.read(new StringReader(csv), "open"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("not valid CSV")
        .hasMessageNotContaining("Good");
  }

  @Test
  void eachQuestionReviewPairIsOneExampleWithItsAnnotatorsDistinctSpans() throws Exception {
    QaDataset d = fixture();

    // Eight annotation rows, four question-review pairs.
    assertThat(d.examples()).extracting(QaExample::id).containsExactly("QR1", "QR2", "QR3", "QR4");
    // QR1: (13, 40) twice and (17, 40) once.
    assertThat(d.examples().get(0).answers())
        .containsExactly(
            new Answer("The battery lasts two days.", 13),
            new Answer("battery lasts two days.", 17));
  }

  @Test
  void answersAreTheReviewTextAtTheOffsetsNotTheTokenisedSpans() throws Exception {
    QaDataset d = fixture();
    QaExample sound = d.examples().get(3);

    // human_ans_spans says "very loud"; the review says "Very loud".
    assertThat(sound.answers()).containsExactly(new Answer("Very loud", 0));
  }

  @Test
  void aQuestionIsUnanswerableOnlyWhenNoAnnotatorMarkedASpan() throws Exception {
    QaDataset d = fixture();

    // QR2: one annotator chose the marker, the other "Great phone".
    assertThat(d.examples().get(1).answers()).containsExactly(new Answer("Great phone", 0));
    // QR3: the marker, and a selection running into the marker; both say "no answer".
    assertThat(d.examples().get(2).answerable()).isFalse();
    assertThat(d.answerable()).extracting(QaExample::id).containsExactly("QR1", "QR2", "QR4");
  }

  @Test
  void reviewsAreContextsOnceWithoutTheMarkerAndWithTheItemInMetadata() throws Exception {
    QaDataset d = fixture();

    assertThat(d.contexts()).extracting(QaContext::id).containsExactly("R1", "R2");
    QaContext r2 = d.contexts().get(1);
    assertThat(r2.text()).isEqualTo("Very loud speaker, \"really\" loud.");
    assertThat(r2.title()).isEqualTo("I2");
    assertThat(r2.metadata()).isEqualTo(Map.of("item_id", "I2", "domain", "electronics"));
    assertThat(d.examples().get(3).contextId()).isEqualTo("R2");
  }

  /**
   * Question-review pairs per split equal the SubjQA README's table; reviews and answerable pairs
   * as measured.
   */
  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "books, dev, 256, 255, 91",
    "books, test, 345, 344, 190",
    "electronics, dev, 255, 252, 99",
    "electronics, test, 358, 358, 235",
    "electronics, train, 1295, 1265, 693",
    "grocery, dev, 218, 216, 100",
    "grocery, test, 591, 541, 378",
    "grocery, train, 1124, 1011, 684",
    "movies, dev, 261, 259, 99",
    "movies, test, 291, 289, 154",
    "restaurants, dev, 267, 265, 128",
    "restaurants, test, 266, 265, 136",
    "restaurants, train, 1400, 1338, 820",
    "tripadvisor, dev, 230, 228, 142",
    "tripadvisor, test, 512, 484, 397",
    "tripadvisor, train, 1165, 1068, 874"
  })
  void readsTheSharedSplits(String domain, String split, int pairs, int reviews, int answerable)
      throws Exception {
    String file = "subjqa/SubjQA/" + domain + "/splits/" + split + ".csv";
    assumeTrue(SharedData.locate().isPresent(), SharedData.missingMessage(file));
    Path csv = SharedData.resolve(file).orElseThrow();

    QaDataset d = SubjqaReader.read(csv);

    assertThat(d.examples()).hasSize(pairs);
    assertThat(d.contexts()).hasSize(reviews);
    assertThat(d.answerable()).hasSize(answerable);
    Map<String, QaContext> byId = d.contextsById();
    for (QaExample e : d.answerable()) {
      QaContext review = byId.get(e.contextId());
      assertThat(review.metadata()).containsEntry("domain", domain).containsKey("item_id");
      for (Answer a : e.answers()) {
        assertThat(review.text().substring(a.startChar(), a.endChar())).isEqualTo(a.text());
      }
    }
  }
}
