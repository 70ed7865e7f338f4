package dev.metarag.training.rag;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Training behaviour on a tiny BERT (2 layers, 32 wide) and a hand-written data set. */
class RagTrainingTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static List<RagExample> dataset() {
    return TinyRag.examples();
  }

  private static float[] unit(long seed) {
    return TinyRag.unit(seed);
  }

  private RagParameters tinyModel() {
    return TinyRag.parameters(manager, 11);
  }

  private RagModel model() {
    return TinyRag.model();
  }

  @Test
  void lossDecreasesOnATinyTrainingSet() {
    RagParameters params = tinyModel();
    RagTrainer trainer = new RagTrainer(model(), params, ParameterSubset.ALL, 3e-3f, manager);

    float first = trainer.step(dataset()).loss();
    float last = first;
    for (int i = 0; i < 40; i++) {
      last = trainer.step(dataset()).loss();
    }

    assertThat(first).isGreaterThan(1f);
    assertThat(last).isLessThan(first * 0.3f);
  }

  @Test
  void stepsLeaveNoArraysBehind() {
    RagParameters params = tinyModel();
    RagTrainer trainer = new RagTrainer(model(), params, ParameterSubset.ALL, 3e-3f, manager);
    trainer.step(dataset()); // creates the Adam moments

    int live = manager.getManagedArrays().size();
    for (int i = 0; i < 5; i++) {
      trainer.step(dataset());
    }

    // A leaked gradient handle per parameter and step once kept a model's worth of memory alive.
    assertThat(manager.getManagedArrays()).hasSize(live);
  }

  @Test
  void headsOnlyTrainingLeavesTheEncodersUntouched() {
    RagParameters params = tinyModel();
    Map<String, float[]> before = new HashMap<>();
    params.asMap().forEach((n, a) -> before.put(n, a.toFloatArray()));
    RagTrainer trainer =
        new RagTrainer(model(), params, ParameterSubset.HEADS_ONLY, 1e-2f, manager);

    for (int i = 0; i < 3; i++) {
      trainer.step(dataset());
    }

    params
        .asMap()
        .forEach(
            (name, a) -> {
              boolean changed = !java.util.Arrays.equals(before.get(name), a.toFloatArray());
              assertThat(changed).as(name).isEqualTo(name.startsWith(RagParameters.HEAD_PREFIX));
            });
  }

  @Test
  void topLayersSelectsTheUpperLayersOfBothEncodersAndTheHeads() {
    var selects = ParameterSubset.topLayers(1).selects(6);

    assertThat(selects.test("query.encoder.layer.5.output.dense.weight")).isTrue();
    assertThat(selects.test("reader.encoder.layer.5.attention.self.key.bias")).isTrue();
    assertThat(selects.test("reader.encoder.layer.4.output.dense.weight")).isFalse();
    assertThat(selects.test("query.embeddings.word_embeddings.weight")).isFalse();
    assertThat(selects.test("head.span.weight")).isTrue();
  }

  @Test
  void examplesWhoseAnswerIsInNoCandidateAreSkippedNotFatal() {
    RagParameters params = tinyModel();
    RagExample lost =
        new RagExample(
            "Where is the charger?", dataset().get(0).candidates(), List.of("in the drawer"));

    try (NDManager scope = manager.newSubManager()) {
      RagLoss loss = model().loss(params, List.of(dataset().get(0), lost), scope);
      assertThat(loss.used()).isEqualTo(1);
      assertThat(loss.skipped()).isEqualTo(1);
      assertThat(loss.loss().getFloat()).isPositive();
    }
  }

  @Test
  void anAnswerInSeveralPlacesIsMarginalisedOverAllOfThem() {
    RagParameters params = tinyModel();
    Candidate twice = new Candidate("p", "", "two days here and two days there", unit(4));
    Candidate once = new Candidate("p", "", "two days here and nothing there", unit(4));

    try (NDManager scope = manager.newSubManager()) {
      float both =
          model()
              .loss(
                  params, List.of(new RagExample("q", List.of(twice), List.of("two days"))), scope)
              .loss()
              .getFloat();
      float single =
          model()
              .loss(params, List.of(new RagExample("q", List.of(once), List.of("two days"))), scope)
              .loss()
              .getFloat();
      // More gold spans means more probability mass on the answer, hence a lower loss.
      assertThat(both).isLessThan(single);
    }
  }

  @Test
  void withOneCandidateTheQueryEncoderGetsNoGradientAndStaysUnchanged() {
    RagParameters params = tinyModel();
    float[] before = params.get("query.encoder.layer.0.output.dense.weight").toFloatArray();
    List<RagExample> single =
        dataset().stream()
            .map(e -> new RagExample(e.question(), e.candidates().subList(0, 1), e.answers()))
            .toList();
    RagTrainer trainer = new RagTrainer(model(), params, ParameterSubset.ALL, 1e-2f, manager);

    float first = trainer.step(single).loss();
    float second = trainer.step(single).loss();

    assertThat(second).isLessThan(first);
    assertThat(params.get("query.encoder.layer.0.output.dense.weight").toFloatArray())
        .isEqualTo(before);
  }
}
