package dev.metarag.training.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading for evaluation gives what the training loss and the bare heads give, in one pass. */
class RagReadingTest {

  @Test
  void oneReadingGivesTheHeadsLogitsAndTheTrainingLoss() {
    RagModel model = TinyRag.model();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = TinyRag.parameters(manager, 4);
      for (RagExample e : TinyRag.examples()) {
        NDArray query = model.queryEmbeddings(params, List.of(e.question()), manager);

        RagReading reading = model.read(params, e, query, manager);

        float loss = model.loss(params, List.of(e), manager).loss().getFloat();
        assertThat(reading.loss().getFloat()).isCloseTo(loss, within(1e-5f));
        assertThat(reading.headLogits())
            .isEqualTo(model.headLogits(params, reading.pairs(), manager));
        assertThat(reading.pairs()).hasSameSizeAs(e.candidates());
      }
    }
  }

  @Test
  void aReadingWithoutTheAnswerInAnyCandidateHasNoLoss() {
    RagModel model = TinyRag.model();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters params = TinyRag.parameters(manager, 4);
      RagExample e = TinyRag.examples().get(0);
      RagExample unanswered = new RagExample(e.question(), e.candidates(), List.of("forty years"));
      NDArray query = model.queryEmbeddings(params, List.of(e.question()), manager);

      RagReading reading = model.read(params, unanswered, query, manager);

      assertThat(reading.loss()).isNull();
      assertThat(reading.headLogits().getShape().get(0)).isEqualTo(e.candidates().size());
    }
  }
}
