package dev.metarag.bench.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metarag.proto.v1.QaExample;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The draws every cell is measured on: crossed held-out questions, nested support sets. */
class TransferRunTest {
  private static final List<QaExample> QUESTIONS =
      IntStream.range(0, 300)
          .mapToObj(i -> QaExample.newBuilder().setId("q" + i).setQuestion("?").build())
          .toList();

  @Test
  void theHeldOutQuestionsAreTheSameForEveryRunAndApartFromThePool() {
    List<List<QaExample>> a = TransferRun.split(QUESTIONS, 150);
    List<List<QaExample>> b = TransferRun.split(QUESTIONS, 150);

    assertThat(a.get(0)).hasSize(150).isEqualTo(b.get(0));
    assertThat(a.get(1)).hasSize(150).doesNotContainAnyElementsOf(a.get(0));
    assertThat(a.get(0)).isNotEqualTo(QUESTIONS.subList(0, 150));
  }

  @Test
  void eachSeedDrawsNestedSupportSetsFromThePoolOnly() {
    List<QaExample> pool = TransferRun.split(QUESTIONS, 150).get(1);
    for (long seed = 1; seed <= 5; seed++) {
      List<QaExample> k8 = TransferRun.support(pool, seed, 8);
      List<QaExample> k32 = TransferRun.support(pool, seed, 32);
      assertThat(k32.subList(0, 8)).isEqualTo(k8);
      assertThat(pool).containsAll(k32);
      assertThat(k32).doesNotHaveDuplicates();
    }
    assertThat(TransferRun.support(pool, 1, 8)).isNotEqualTo(TransferRun.support(pool, 2, 8));
  }
}
