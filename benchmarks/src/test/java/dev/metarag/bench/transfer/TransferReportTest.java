package dev.metarag.bench.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.metarag.bench.transfer.Comparisons.Comparison;
import dev.metarag.bench.transfer.PairedBootstrap.Verdict;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The verdict table from hand-built per-question scores whose answer is known: joint+ft beats
 * general+ft (so it is the baseline), FOMAML gains on every question, ANIL loses, Reptile only
 * reshuffles which questions it gets right.
 */
class TransferReportTest {
  private static final int RESAMPLES = 2000;

  private static TargetResult target() {
    TargetResult t = Fixtures.target("covidqa");
    for (long seed : Fixtures.SEEDS) {
      t =
          t.with(Fixtures.cell("zero-shot", 8, seed, (s, q) -> Fixtures.base(s, q) - 0.1))
              .with(Fixtures.cell("general+ft", 8, seed, (s, q) -> Fixtures.base(s, q) - 0.05))
              .with(Fixtures.cell("joint+ft", 8, seed, Fixtures::base))
              .with(Fixtures.cell("fomaml+adapt", 8, seed, (s, q) -> Fixtures.base(s, q) + 0.1))
              .with(Fixtures.cell("anil+adapt", 8, seed, (s, q) -> Fixtures.base(s, q) * 0.7))
              .with(
                  Fixtures.cell(
                      "reptile+adapt",
                      8,
                      seed,
                      // the same scores moved to other questions: the same mean, paired noise
                      (s, q) -> Fixtures.base(s, (q + 1) % Fixtures.QUESTIONS)));
    }
    return t;
  }

  private static Map<String, Comparison> byMethod() {
    return Comparisons.of(target(), RESAMPLES).stream()
        .collect(Collectors.toMap(Comparison::method, Function.identity()));
  }

  @Test
  void theBaselineIsTheBetterOfGeneralAndJointFineTuning() {
    assertThat(Comparisons.bestBaseline(target(), 8)).isEqualTo("joint+ft");
    assertThat(byMethod()).doesNotContainKey("joint+ft");
    assertThat(byMethod().values()).allSatisfy(c -> assertThat(c.baseline()).isEqualTo("joint+ft"));
  }

  @Test
  void verdictsFollowTheIntervals() {
    Map<String, Comparison> c = byMethod();
    assertThat(c.get("fomaml+adapt").f1().verdict()).isEqualTo(Verdict.BETTER);
    assertThat(c.get("anil+adapt").f1().verdict()).isEqualTo(Verdict.WORSE);
    assertThat(c.get("reptile+adapt").f1().verdict()).isEqualTo(Verdict.NO_DIFFERENCE_DETECTED);
    assertThat(c.get("zero-shot").f1().verdict()).isEqualTo(Verdict.WORSE);
    assertThat(c.get("general+ft").f1().verdict()).isEqualTo(Verdict.WORSE);
    Comparison fomaml = c.get("fomaml+adapt");
    assertThat(fomaml.seeds()).isEqualTo(5);
    assertThat(fomaml.questions()).isEqualTo(150);
    assertThat(fomaml.f1().mean()).isCloseTo(0.1, within(1e-9));
    assertThat(fomaml.f1().low()).isLessThanOrEqualTo(fomaml.f1().mean() + 1e-9);
    assertThat(fomaml.f1().high()).isGreaterThanOrEqualTo(fomaml.f1().mean() - 1e-9);
    Comparison anil = c.get("anil+adapt");
    assertThat(anil.f1().low()).isLessThan(anil.f1().mean());
    assertThat(anil.f1().high()).isGreaterThan(anil.f1().mean()).isNegative();
  }

  @Test
  void onlySeedsBothHaveFinishedArePaired() {
    TargetResult t = target().with(Fixtures.cell("maml+adapt", 8, 1, Fixtures::base));
    Comparison maml =
        Comparisons.of(t, RESAMPLES).stream()
            .filter(c -> c.method().equals("maml+adapt"))
            .findFirst()
            .orElseThrow();
    assertThat(maml.seeds()).isEqualTo(1);
  }

  @Test
  void theMarkdownHasTheTableTheIntervalsAndTheVerdicts() {
    TransferResults r =
        new TransferResults(
                TransferPreset.oneTarget().withGeneral("general-1"),
                "general-1",
                "test machine",
                "LOCAL",
                List.of(),
                List.of())
            .with(target());

    String md = TransferReport.render(r, List.of("f1.png"), RESAMPLES);

    assertThat(md).contains("general reader `general-1`");
    assertThat(md).containsPattern("\\| fomaml\\+adapt \\| 8 \\| 5 \\| [0-9.]+ ± [0-9.]+ \\|");
    assertThat(md)
        .containsPattern(
            "\\| 8 \\| fomaml\\+adapt \\| joint\\+ft \\| 5 \\| 150 \\|"
                + " \\+0\\.\\d{3} \\[\\+0\\.\\d{3},"
                + " \\+0\\.\\d{3}\\] \\| better \\|");
    assertThat(md).containsPattern("\\| 8 \\| anil\\+adapt \\| joint\\+ft .*\\| worse \\|");
    assertThat(md)
        .containsPattern(
            "\\| 8 \\| reptile\\+adapt \\| joint\\+ft .*\\| no difference detected \\|");
    assertThat(md).contains("![f1.png](f1.png)");
  }
}
