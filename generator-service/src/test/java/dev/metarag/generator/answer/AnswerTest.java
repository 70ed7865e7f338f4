package dev.metarag.generator.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.generator.support.FixtureDocuments;
import dev.metarag.generator.support.GeneratorClient;
import dev.metarag.proto.v1.AnswerEvent;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.AnswerStreamRequest;
import dev.metarag.proto.v1.Citation;
import dev.metarag.proto.v1.MetadataFilter;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.RetrievalMode;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.testing.grpc.RetrieverWithFixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers from the fixture collections with the base model (random heads, so the answers are not
 * expected to be right): citations point at exactly the answer in the document text, snippets hold
 * it, thresholds decide abstention, and AnswerStream sends its events in order.
 */
@QuarkusTest
@QuarkusTestResource(
    value = RetrieverWithFixtures.class,
    initArgs = @ResourceArg(name = "property", value = "metarag.generator.retriever"))
class AnswerTest {
  private static final Map<String, String> DOCUMENTS = FixtureDocuments.texts();
  private GeneratorClient client;

  @BeforeEach
  void connect() {
    client = new GeneratorClient();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static AnswerRequest.Builder question(String domain, String question) {
    return AnswerRequest.newBuilder().setDomain(domain).setQuestion(question).setMinConfidence(0);
  }

  @Test
  void citationsPointAtTheAnswerInTheDocumentText() {
    RetrievalMode[] modes = {
      RetrievalMode.RETRIEVAL_MODE_HYBRID,
      RetrievalMode.RETRIEVAL_MODE_BM25,
      RetrievalMode.RETRIEVAL_MODE_DENSE
    };
    int asked = 0;
    for (String domain : RetrieverWithFixtures.DOMAINS) {
      List<String> questions = FixtureDocuments.questions(domain);
      for (int i = 0; i < 3; i++) {
        AnswerResponse r =
            client.blocking.answer(
                question(domain, questions.get(i))
                    .setMode(modes[i])
                    .setTopK(1 + i * 2)
                    .setMaxAnswerTokens(i == 0 ? 0 : 4 * i)
                    .build());
        assertConsistent(r, 1 + i * 2);
        asked++;
      }
    }
    assertThat(asked).isEqualTo(9);
  }

  private static void assertConsistent(AnswerResponse r, int topK) {
    assertThat(r.getAbstained()).isFalse();
    assertThat(r.getAbstainReason()).isEmpty();
    assertThat(r.getConfidenceThreshold()).isZero();
    assertThat(r.getAnswer()).isNotEmpty();
    assertThat(r.getConfidence()).isGreaterThan(0f).isLessThanOrEqualTo(1f);
    assertThat(r.getPassagesList()).isNotEmpty().hasSizeLessThanOrEqualTo(topK);
    for (RetrievedPassage p : r.getPassagesList()) {
      assertThat(DOCUMENTS.get(p.getDocumentId()).substring(p.getStartChar(), p.getEndChar()))
          .isEqualTo(p.getText());
    }
    assertThat(r.getCitationsList()).isNotEmpty();
    assertThat(r.getCitations(0).getConfidence()).isEqualTo(r.getConfidence());
    float previous = Float.MAX_VALUE;
    for (Citation c : r.getCitationsList()) {
      String document = DOCUMENTS.get(c.getDocumentId());
      assertThat(document.substring(c.getStartChar(), c.getEndChar())).isEqualTo(r.getAnswer());
      assertThat(c.getPassageId()).startsWith(c.getDocumentId() + "#");
      assertThat(r.getPassagesList())
          .extracting(RetrievedPassage::getPassageId)
          .contains(c.getPassageId());
      assertThat(c.getSnippet().substring(c.getSnippetStartChar(), c.getSnippetEndChar()))
          .isEqualTo(r.getAnswer());
      assertThat(document).contains(c.getSnippet());
      assertThat(c.getSnippet().length())
          .isLessThanOrEqualTo(Math.max(300, r.getAnswer().length()));
      assertThat(c.getConfidence()).isBetween(0f, 1f);
      if (c != r.getCitations(0)) {
        assertThat(c.getConfidence()).isLessThanOrEqualTo(previous);
      }
      previous = c.getConfidence();
    }
    assertThat(r.getModel().getVersion()).isEqualTo("base");
    assertThat(r.getModel().getKind()).isEqualTo(ModelKind.MODEL_KIND_BASE);
    assertThat(r.getModel().getIsBase()).isTrue();
    assertThat(r.getModel().getPinned()).isFalse();
    assertThat(r.getModel().getServingSinceMillis()).isPositive();
    assertThat(r.getModel().getQueryEncoder().getName()).isEqualTo("all-minilm-l6-v2");
    var t = r.getTimings();
    assertThat(t.getReadMillis()).isPositive();
    assertThat(t.getRetrieveMillis()).isPositive();
    assertThat(t.getTotalMillis())
        .isGreaterThanOrEqualTo(t.getEmbedMillis() + t.getRetrieveMillis() + t.getReadMillis());
  }

  @Test
  void belowTheThresholdItAbstainsAndSaysWhy() {
    String q = FixtureDocuments.questions("gadgets").get(0);
    AnswerResponse strict =
        client.blocking.answer(question("gadgets", q).setMinConfidence(1).build());
    assertThat(strict.getAbstained()).isTrue();
    assertThat(strict.getAbstainReason()).contains("below the threshold 1.00");
    assertThat(strict.getAnswer()).isEmpty();
    assertThat(strict.getCitationsList()).isEmpty();
    assertThat(strict.getConfidence()).isPositive();
    assertThat(strict.getConfidenceThreshold()).isEqualTo(1f);
    assertThat(strict.getPassagesList()).isNotEmpty();

    for (String domain : RetrieverWithFixtures.DOMAINS) {
      for (String each : FixtureDocuments.questions(domain).subList(0, 4)) {
        AnswerResponse lenient = client.blocking.answer(question(domain, each).setTopK(2).build());
        assertThat(lenient.getAbstained()).as(each).isFalse();
      }
    }

    AnswerResponse configured =
        client.blocking.answer(
            AnswerRequest.newBuilder().setDomain("gadgets").setQuestion(q).build());
    assertThat(configured.getConfidenceThreshold()).isEqualTo(0.1f);
    assertThat(configured.getAbstained())
        .isEqualTo(configured.getConfidence() < configured.getConfidenceThreshold());
  }

  @Test
  void nothingRetrievedIsAnAbstentionWithAReason() {
    AnswerResponse r =
        client.blocking.answer(
            question("kitchen", "How long does the kettle take?")
                .addFilters(MetadataFilter.newBuilder().setKey("item").addAnyOf("no-such-item"))
                .build());
    assertThat(r.getAbstained()).isTrue();
    assertThat(r.getAbstainReason()).isEqualTo("no passage matched the filters");
    assertThat(r.getPassagesList()).isEmpty();
    assertThat(r.getCitationsList()).isEmpty();
    assertThat(r.getModel().getDomain()).isEqualTo("kitchen");
  }

  @Test
  void theStreamSendsPassagesThenTheAnswerThenStatistics() {
    AnswerRequest request =
        question("garden", FixtureDocuments.questions("garden").get(1)).setTopK(3).build();
    List<AnswerEvent> events = new ArrayList<>();
    client
        .blocking
        .answerStream(AnswerStreamRequest.newBuilder().setRequest(request).build())
        .forEachRemaining(events::add);

    assertThat(events)
        .extracting(AnswerEvent::getEventCase)
        .containsExactly(
            AnswerEvent.EventCase.PASSAGES,
            AnswerEvent.EventCase.ANSWER,
            AnswerEvent.EventCase.STATS);
    AnswerResponse unary = client.blocking.answer(request);
    var passages = events.get(0).getPassages();
    assertThat(passages.getPassagesList()).isEqualTo(unary.getPassagesList());
    assertThat(passages.getModel().getVersion()).isEqualTo(unary.getModel().getVersion());
    AnswerResponse answer = events.get(1).getAnswer();
    assertThat(answer.getPassagesList()).isEmpty();
    assertThat(answer.hasTimings()).isFalse();
    assertThat(answer.getAnswer()).isEqualTo(unary.getAnswer());
    assertThat(answer.getCitationsList()).isEqualTo(unary.getCitationsList());
    var stats = events.get(2).getStats();
    assertThat(stats.getPassagesRead()).isEqualTo(unary.getPassagesCount());
    assertThat(stats.getSpansScored()).isGreaterThan(stats.getPassagesRead());
    assertThat(stats.getTimings().getTotalMillis()).isPositive();
  }
}
