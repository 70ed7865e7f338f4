package dev.metarag.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.it.story.QaDomain;
import dev.metarag.it.story.SampleDomainDemo;
import dev.metarag.it.story.Story;
import dev.metarag.it.story.StoryLog;
import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.Citation;
import dev.metarag.proto.v1.Document;
import dev.metarag.proto.v1.ModelKind;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./metarag demo} as the build runs it: the same {@link SampleDomainDemo#run} on the sample
 * domain, against the retriever, the adapter and the generator started as processes on a fresh data
 * directory, once; each test checks what one step returned.
 */
class SampleDomainDemoIT {
  @RegisterExtension static final Workspace.FailureWatcher watcher = new Workspace.FailureWatcher();
  private static Path home;
  private static Suite suite;
  private static QaDomain domain;
  private static SampleDomainDemo.Outcome outcome;

  @BeforeAll
  static void runTheDemo() throws Exception {
    home = Workspace.newHome("sample-demo");
    suite =
        Suite.builder(Workspace.repoRoot(), home)
            .services(Service.RETRIEVER, Service.ADAPTER, Service.GENERATOR)
            .logs(Workspace.logs("sample-demo"))
            .start();
    domain =
        QaDomain.fromSquad(
            "halvard",
            "Halvard Island, the sample domain",
            Workspace.repoRoot().resolve("examples/sample-domain/halvard.json"));
    Story story =
        new Story(
            suite.channel(Service.RETRIEVER),
            suite.channel(Service.GENERATOR),
            null,
            suite.channel(Service.ADAPTER),
            new StoryLog(System.out));
    outcome = SampleDomainDemo.run(story, domain, SampleDomainDemo.Settings.defaults());
  }

  @AfterAll
  static void stopTheSuite() throws Exception {
    if (suite != null) {
      suite.close();
    }
    watcher.cleanUp(home);
  }

  @Test
  void everyParagraphOfTheSampleDomainIsIngestedAsADocument() {
    assertThat(domain.documents()).hasSize(40);
    assertThat(domain.examples()).hasSize(24);
    assertThat(outcome.ingested().response().getDocumentsUpserted()).isEqualTo(40);
    assertThat(outcome.ingested().collection().getDocumentCount()).isEqualTo(40);
    assertThat(outcome.ingested().collection().getPassageCount()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void retrievalRanksThePassageThatAnswersTheQuestionFirst() {
    assertThat(outcome.retrieval().getPassagesList()).hasSize(3);
    assertThat(outcome.retrieval().getPassages(0).getDocumentId())
        .isEqualTo(outcome.retrievalQuestion().getGoldDocumentId());
  }

  @Test
  void theDomainStartsOnTheDefaultModel() {
    assertThat(outcome.servingBefore().getIsBase()).isTrue();
    assertThat(outcome.servingBefore().getVersion()).isEqualTo("base");
    // A fresh registry holds no general reader: the demo adapts from base (StartingPointTest: and
    // says how to get the general reader).
    assertThat(outcome.startingPoint()).isEqualTo("base");
  }

  @Test
  void adaptationUsesSixteenExamplesAndIsEvaluatedBeforeAndAfterOnTheEightHeldOut() {
    AdaptResponse a = outcome.adaptation();
    assertThat(outcome.split().support()).hasSize(16);
    assertThat(outcome.split().evaluation()).hasSize(8);
    assertThat(outcome.split().support()).doesNotContainAnyElementsOf(outcome.split().evaluation());
    assertThat(a.getBase().getVersion()).isEqualTo("base").isEqualTo(outcome.startingPoint());
    assertThat(a.getSupportExamplesUsed()).isEqualTo(16);
    assertThat(a.getEvaluatedOnSupport()).isFalse();
    assertThat(a.getBefore().getExampleCount()).isEqualTo(8);
    assertThat(a.getAfter().getExampleCount()).isEqualTo(8);
    // The answers are in the collection: retrieval finds every held-out question's passage.
    assertThat(a.getBefore().getRecallAt5()).isEqualTo(1.0);
    // Ten steps on the span heads teach the reader the domain: the held-out loss falls.
    assertThat(a.getAfter().getLoss()).isLessThan(a.getBefore().getLoss());
    assertThat(a.getVersion().getVersion()).isEqualTo("halvard-v1");
    assertThat(a.getVersion().getKind()).isEqualTo(ModelKind.MODEL_KIND_ADAPTED);
    assertThat(a.getVersion().getLineage().getSteps()).isEqualTo(10);
    assertThat(a.getPromoted()).isFalse();
  }

  @Test
  void afterPromotionTheGeneratorAndTheRetrieverUseTheAdaptedVersion() {
    assertThat(outcome.promotion().getActive().getVersion()).isEqualTo("halvard-v1");
    assertThat(outcome.promotion().hasPrevious()).isFalse();
    assertThat(outcome.servingAfterPromotion().getVersion()).isEqualTo("halvard-v1");
    assertThat(outcome.servingAfterPromotion().getIsBase()).isFalse();
    assertThat(outcome.servingAfterPromotion().getQueryEncoder().getVersion())
        .isEqualTo("halvard-v1");
  }

  @Test
  void heldOutQuestionsAreAnsweredByTheAdaptedVersionWithCitationsIntoTheDocuments() {
    assertThat(outcome.answers()).hasSize(8);
    assertThat(outcome.answers())
        .allSatisfy(a -> assertThat(a.getModel().getVersion()).isEqualTo("halvard-v1"));
    assertThat(outcome.answers()).anyMatch(a -> !a.getAbstained());
    for (AnswerResponse a : outcome.answers()) {
      if (a.getAbstained()) {
        assertThat(a.getCitationsList()).isEmpty();
        assertThat(a.getConfidence()).isLessThan(a.getConfidenceThreshold());
        continue;
      }
      assertThat(a.getConfidence()).isGreaterThanOrEqualTo(a.getConfidenceThreshold());
      assertThat(a.getCitationsList()).isNotEmpty();
      for (Citation c : a.getCitationsList()) {
        Document cited = domain.document(c.getDocumentId());
        assertThat(cited.getText().substring(c.getStartChar(), c.getEndChar()))
            .isEqualTo(a.getAnswer());
        assertThat(c.getSnippet().substring(c.getSnippetStartChar(), c.getSnippetEndChar()))
            .isEqualTo(a.getAnswer());
      }
    }
  }

  @Test
  void afterRollbackTheDomainIsBackOnTheDefaultModel() {
    assertThat(outcome.rollback().getRolledBack().getVersion()).isEqualTo("halvard-v1");
    assertThat(outcome.rollback().getServingDefault()).isTrue();
    assertThat(outcome.servingAfterRollback().getVersion()).isEqualTo("base");
    assertThat(outcome.answerAfterRollback().getModel().getVersion()).isEqualTo("base");
    assertThat(outcome.answerAfterRollback().getModel().getIsBase()).isTrue();
  }
}
