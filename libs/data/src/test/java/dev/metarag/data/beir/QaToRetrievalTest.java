package dev.metarag.data.beir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QaToRetrievalTest {

  static QaDataset tiny() {
    return new QaDataset(
        "tiny",
        List.of(
            new QaContext("c1", "Title", "Text one", Map.of("k", "v")),
            new QaContext("c2", "", "Text two", Map.of())),
        List.of(
            new QaExample("q1", "first?", List.of(new Answer("one", 5)), "c1"),
            new QaExample("q2", "unanswerable?", List.of(), "c2"),
            new QaExample("q3", "second?", List.of(Answer.withoutSpan("two")), "c2")));
  }

  @Test
  void eachAnswerableQuestionGetsItsOwnContextAsTheOneRelevantDocument() {
    RetrievalDataset r = QaToRetrieval.convert(tiny());

    assertThat(r.name()).isEqualTo("tiny");
    assertThat(r.corpus())
        .containsExactly(
            new CorpusDocument("c1", "Title", "Text one", Map.of("k", "v")),
            new CorpusDocument("c2", "", "Text two", Map.of()));
    assertThat(r.queries()).containsExactly(Map.entry("q1", "first?"), Map.entry("q3", "second?"));
    assertThat(r.qrels()).isEqualTo(Map.of("q1", Map.of("c1", 1), "q3", Map.of("c2", 1)));
  }

  @Test
  void aRepeatedQuestionIdIsAnError() {
    QaDataset twice =
        new QaDataset(
            "twice",
            List.of(new QaContext("c1", "", "Text", Map.of())),
            List.of(
                new QaExample("q1", "a?", List.of(Answer.withoutSpan("x")), "c1"),
                new QaExample("q1", "b?", List.of(Answer.withoutSpan("y")), "c1")));

    assertThatThrownBy(() -> QaToRetrieval.convert(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeats question id q1");
  }

  @Test
  void aQuestionAboutAnUnknownContextIsAnError() {
    QaDataset dangling =
        new QaDataset(
            "dangling",
            List.of(),
            List.of(new QaExample("q1", "a?", List.of(Answer.withoutSpan("x")), "nowhere")));

    assertThatThrownBy(() -> QaToRetrieval.convert(dangling))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown context nowhere");
  }
}
