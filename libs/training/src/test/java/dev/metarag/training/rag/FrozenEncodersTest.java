package dev.metarag.training.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.metarag.training.meta.MetaAlgorithm;
import dev.metarag.training.meta.MetaConfig;
import dev.metarag.training.meta.MetaLearner;
import dev.metarag.training.meta.RagTaskObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model whose encoders are frozen (their hidden states computed once, elsewhere) adapts its heads
 * exactly as the trainable model does, and reads the same logits.
 */
class FrozenEncodersTest {
  private static final Predicate<String> HEADS = ParameterSubset.HEADS_ONLY.selects(2);
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void headsOnlyAdaptationWithFrozenEncodersEqualsTheTrainableModel() {
    RagParameters base = TinyRag.parameters(manager, 5);
    RagModel trainable = TinyRag.model();
    MemoizedStates reader =
        new MemoizedStates(trainable.readerStates(base, manager), Long.MAX_VALUE);
    MemoizedStates query = new MemoizedStates(trainable.queryStates(base, manager), Long.MAX_VALUE);
    RagModel frozen = trainable.withFrozenEncoders(query, reader);
    MetaConfig config = MetaConfig.of(MetaAlgorithm.FOMAML, 1e-1f, 0f, 3, HEADS, HEADS);

    try (NDManager scope = manager.newSubManager()) {
      List<Float> expectedLosses = new ArrayList<>();
      List<Float> actualLosses = new ArrayList<>();
      Map<String, NDArray> expected =
          learner(trainable, base, config)
              .adapt(TinyRag.examples(), 3, scope, (s, l) -> expectedLosses.add(l));
      Map<String, NDArray> actual =
          learner(frozen, base, config)
              .adapt(TinyRag.examples(), 3, scope, (s, l) -> actualLosses.add(l));

      for (int i = 0; i < expectedLosses.size(); i++) {
        assertThat(actualLosses.get(i)).isCloseTo(expectedLosses.get(i), within(1e-5f));
      }
      // The heads moved, and by the same amount.
      assertThat(actual.get(RagParameters.SPAN_WEIGHT).toFloatArray())
          .isNotEqualTo(base.get(RagParameters.SPAN_WEIGHT).toFloatArray());
      for (String name : List.of(RagParameters.SPAN_WEIGHT, RagParameters.RELEVANCE_WEIGHT)) {
        float[] e = expected.get(name).toFloatArray();
        float[] a = actual.get(name).toFloatArray();
        for (int i = 0; i < e.length; i++) {
          assertThat(a[i]).isCloseTo(e[i], within(1e-6f));
        }
      }
      // Three steps over the same support set ran the reader encoder once per distinct pair.
      int pairs = TinyRag.examples().stream().mapToInt(e -> e.candidates().size()).sum();
      assertThat(reader.computedRows()).isEqualTo(pairs);
    }
  }

  @Test
  void frozenEncodersReadTheSameLogits() {
    RagParameters base = TinyRag.parameters(manager, 6);
    RagModel trainable = TinyRag.model();
    RagModel frozen =
        trainable.withFrozenEncoders(
            trainable.queryStates(base, manager), trainable.readerStates(base, manager));
    RagExample example = TinyRag.examples().get(0);

    try (NDManager scope = manager.newSubManager()) {
      NDArray q1 = trainable.queryEmbeddings(base, List.of(example.question()), scope);
      NDArray q2 = frozen.queryEmbeddings(base, List.of(example.question()), scope);
      RagReading a = trainable.read(base, example, q1, scope);
      RagReading b = frozen.read(base, example, q2, scope);

      assertThat(q2.toFloatArray()).containsExactly(q1.toFloatArray(), within(1e-6f));
      assertThat(b.headLogits().toFloatArray())
          .containsExactly(a.headLogits().toFloatArray(), within(1e-5f));
      assertThat(b.loss().getFloat()).isCloseTo(a.loss().getFloat(), within(1e-5f));
    }
  }

  @Test
  void memoizedStatesKeepWithinTheirBudgetAndStillAnswerBeyondIt() {
    int[] calls = {0};
    EncoderStates counting =
        (ids, mask, types, rows, width) -> {
          calls[0]++;
          return new float[rows * width * 4];
        };
    // Room for one input of 1 x 3 tokens x 4 floats (48 bytes), not two.
    MemoizedStates states = new MemoizedStates(counting, 60);
    long[] first = {101, 7, 102};
    long[] second = {101, 8, 102};
    long[] ones = {1, 1, 1};
    long[] zeros = new long[3];

    states.hiddenStates(first, ones, zeros, 1, 3);
    states.hiddenStates(first.clone(), ones, zeros, 1, 3);
    float[] beyond = states.hiddenStates(second, ones, zeros, 1, 3);
    states.hiddenStates(second, ones, zeros, 1, 3);

    assertThat(calls[0]).isEqualTo(3);
    assertThat(beyond).hasSize(12);
    assertThat(states.usedBytes()).isEqualTo(48);
  }

  @Test
  void aRowKnownFromAnotherBatchIsNotComputedAgainAndKeepsItsStates() {
    RagParameters base = TinyRag.parameters(manager, 8);
    EncoderStates djl = TinyRag.model().readerStates(base, manager);
    MemoizedStates states = new MemoizedStates(djl, Long.MAX_VALUE);
    long[] shortRow = {101, 2129, 102, 7, 102};
    long[] longRow = {101, 2129, 102, 8, 9, 10, 11, 102};
    long[] types = new long[16];

    // The short row alone, then padded beside a longer, new row.
    float[] alone = states.hiddenStates(shortRow, new long[] {1, 1, 1, 1, 1}, types, 1, 5);
    long[] ids = new long[16];
    long[] mask = new long[16];
    System.arraycopy(shortRow, 0, ids, 0, 5);
    Arrays.fill(mask, 0, 5, 1);
    System.arraycopy(longRow, 0, ids, 8, 8);
    Arrays.fill(mask, 8, 16, 1);
    float[] batch = states.hiddenStates(ids, mask, types, 2, 8);
    float[] expected = djl.hiddenStates(ids, mask, types, 2, 8);

    assertThat(states.computedRows()).isEqualTo(2);
    int hidden = TinyRag.CONFIG.hidden();
    for (int i = 0; i < 5 * hidden; i++) {
      assertThat(batch[i]).isEqualTo(alone[i]);
      assertThat(batch[i]).isCloseTo(expected[i], within(1e-5f));
    }
    for (int i = 8 * hidden; i < 16 * hidden; i++) {
      assertThat(batch[i]).isCloseTo(expected[i], within(1e-5f));
    }
  }

  private MetaLearner<List<RagExample>> learner(
      RagModel model, RagParameters base, MetaConfig config) {
    return new MetaLearner<>(
        new RagTaskObjective(model, 2), new LinkedHashMap<>(base.asMap()), config, manager);
  }
}
