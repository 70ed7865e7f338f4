package dev.metarag.bench.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.metarag.bench.transfer.RateSelection.Choice;
import dev.metarag.bench.transfer.RateSelection.Setting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateSelectionTest {
  private static final List<Double> RATES = List.of(1e-3, 1e-2, 1e-1);
  private static final List<Integer> STEPS = List.of(1, 5);
  private static final List<Integer> SUPPORT = IntStream.range(0, 8).boxed().toList();

  /** F1 peaking at rate 1e-2 and 5 steps, whatever the halves: a pure function. */
  private static OptionalDouble peaked(Setting s, List<Integer> train, List<Integer> test) {
    double distance = Math.abs(Math.log10(s.rate()) + 2);
    return OptionalDouble.of(0.6 - 0.2 * distance - (s.steps() == 5 ? 0 : 0.05));
  }

  @Test
  void theSettingWithTheBestCrossValidatedF1IsChosen() {
    Choice c = RateSelection.choose(RATES, STEPS, SUPPORT, RateSelectionTest::peaked);

    assertThat(c.setting()).isEqualTo(new Setting(1e-2, 5));
    assertThat(c.meanF1()).isCloseTo(0.6, within(1e-12));
    assertThat(c.selected()).isTrue();
    assertThat(c.trials()).hasSize(RATES.size() * STEPS.size());
  }

  @Test
  void eachSettingAdaptsOnOneHalfAndIsScoredOnTheOtherBothWaysWithinTheSupportSet() {
    List<List<List<Integer>>> calls = new ArrayList<>();
    RateSelection.choose(
        RATES,
        STEPS,
        SUPPORT,
        (s, train, test) -> {
          calls.add(List.of(train, test));
          return OptionalDouble.of(0.5);
        });

    assertThat(calls).hasSize(2 * RATES.size() * STEPS.size());
    Set<List<Integer>> trainedOn = new HashSet<>();
    for (List<List<Integer>> call : calls) {
      List<Integer> train = call.get(0);
      List<Integer> test = call.get(1);
      assertThat(train).hasSize(4).doesNotContainAnyElementsOf(test);
      Set<Integer> union = new HashSet<>(train);
      union.addAll(test);
      assertThat(union).containsExactlyInAnyOrderElementsOf(SUPPORT);
      trainedOn.add(train);
    }
    assertThat(trainedOn).containsExactlyInAnyOrder(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7));
  }

  @Test
  void theMeanIsOverBothFoldsSoOneLuckyFoldDoesNotWin() {
    // 1e-1 scores 0.9 on one fold and 0.1 on the other (mean 0.5); 1e-3 scores 0.6 on both.
    Choice c =
        RateSelection.choose(
            List.of(1e-3, 1e-1),
            List.of(5),
            SUPPORT,
            (s, train, test) ->
                OptionalDouble.of(s.rate() == 1e-3 ? 0.6 : train.getFirst() == 0 ? 0.9 : 0.1));

    assertThat(c.setting().rate()).isEqualTo(1e-3);
    assertThat(c.trials().get(1).mean()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void tiesGoToFewerStepsThenTheLowerRate() {
    Choice c =
        RateSelection.choose(RATES, STEPS, SUPPORT, (s, train, test) -> OptionalDouble.of(0.3));

    assertThat(c.setting()).isEqualTo(new Setting(1e-3, 1));
  }

  @Test
  void aFoldThatCannotAdaptLeavesTheOtherFoldsScore() {
    Choice c =
        RateSelection.choose(
            RATES,
            List.of(5),
            SUPPORT,
            (s, train, test) ->
                train.getFirst() == 0
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(s.rate() == 1e-1 ? 0.7 : 0.2));

    assertThat(c.setting().rate()).isEqualTo(1e-1);
    assertThat(c.meanF1()).isCloseTo(0.7, within(1e-12));
    assertThat(c.trials().getFirst().firstOnSecond()).isNaN();
  }

  @Test
  void whenNothingCanAdaptTheMiddleRateAndFewestStepsAreTakenUnselected() {
    Choice c =
        RateSelection.choose(RATES, STEPS, SUPPORT, (s, train, test) -> OptionalDouble.empty());

    assertThat(c.selected()).isFalse();
    assertThat(c.meanF1()).isNaN();
    assertThat(c.setting()).isEqualTo(new Setting(1e-2, 1));
  }

  @Test
  void anOddSupportSetSplitsIntoTheSmallerHalfFirst() {
    List<Integer> five = List.of(10, 11, 12, 13, 14);
    assertThat(RateSelection.firstHalf(five)).containsExactly(10, 11);
    assertThat(RateSelection.secondHalf(five)).containsExactly(12, 13, 14);
    assertThatThrownBy(
            () -> RateSelection.choose(RATES, STEPS, List.of(1), (s, a, b) -> OptionalDouble.of(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
