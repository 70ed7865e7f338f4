package dev.metarag.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSamplerTest {
  private static final DomainTasks SMALL =
      DomainTasks.split("small", TinyJobs.domain(smallRows(), 1), 0);
  private static final DomainTasks LARGE =
      DomainTasks.split("large", TinyJobs.domain(largeRows(), 2), 0);

  @Test
  void theTasksOfAStepDependOnlyOnTheSeedAndTheStep() {
    TaskSampler a = new TaskSampler(List.of(SMALL, LARGE), false, 3, 3, 42);
    TaskSampler b = new TaskSampler(List.of(SMALL, LARGE), false, 3, 3, 42);
    assertThat(questions(b.tasks(17, 4))).isEqualTo(questions(a.tasks(17, 4)));
    assertThat(questions(a.tasks(18, 4))).isNotEqualTo(questions(a.tasks(17, 4)));
    TaskSampler otherSeed = new TaskSampler(List.of(SMALL, LARGE), false, 3, 3, 43);
    assertThat(questions(otherSeed.tasks(17, 4))).isNotEqualTo(questions(a.tasks(17, 4)));
  }

  @Test
  void supportAndQuerySetsAreDisjointAndOfTheRequestedSizes() {
    TaskSampler sampler = new TaskSampler(List.of(LARGE), false, 4, 5, 1);
    for (long step = 1; step <= 20; step++) {
      TaskSampler.Task t = sampler.tasks(step, 1).get(0);
      assertThat(t.support()).hasSize(4);
      assertThat(t.query()).hasSize(5);
      assertThat(t.support()).doesNotContainAnyElementsOf(t.query());
    }
  }

  @Test
  void aSmallDomainLendsAtMostHalfItsPoolToSupport() {
    TaskSampler sampler = new TaskSampler(List.of(SMALL), false, 10, 10, 1);
    TaskSampler.Task t = sampler.tasks(1, 1).get(0);
    assertThat(t.support()).hasSize(SMALL.training().size() / 2);
    assertThat(t.support().size() + t.query().size()).isEqualTo(SMALL.training().size());
  }

  @Test
  void sizeProportionalSamplingFavoursTheLargerDomainAndUniformDoesNot() {
    Map<String, Integer> proportional =
        counts(new TaskSampler(List.of(SMALL, LARGE), true, 2, 2, 5));
    Map<String, Integer> uniform = counts(new TaskSampler(List.of(SMALL, LARGE), false, 2, 2, 5));
    // 4 and 12 examples: a quarter against three quarters, or half and half.
    assertThat(proportional.get("large")).isBetween(1350, 1650);
    assertThat(uniform.get("large")).isBetween(900, 1100);
  }

  @Test
  void heldOutExamplesNeverEnterTheTrainingPool() {
    DomainTasks split = DomainTasks.split("large", TinyJobs.domain(largeRows(), 2), 2);
    assertThat(split.heldOut()).hasSize(2);
    assertThat(split.training()).hasSize(10).doesNotContainAnyElementsOf(split.heldOut());
  }

  private static Map<String, Integer> counts(TaskSampler sampler) {
    Map<String, Integer> counts = new HashMap<>();
    for (long step = 1; step <= 2000; step++) {
      counts.merge(sampler.tasks(step, 1).get(0).domain(), 1, Integer::sum);
    }
    return counts;
  }

  private static List<String> questions(List<TaskSampler.Task> tasks) {
    return tasks.stream()
        .flatMap(t -> java.util.stream.Stream.concat(t.support().stream(), t.query().stream()))
        .map(e -> e.question())
        .toList();
  }

  private static String[][] smallRows() {
    return rows(4);
  }

  private static String[][] largeRows() {
    return rows(12);
  }

  private static String[][] rows(int n) {
    String[][] rows = new String[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = new String[] {"question " + i + "?", "Passage " + i + " says yes.", "yes"};
    }
    return rows;
  }
}
