package dev.metarag.bench.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.Run;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {
  @TempDir Path dir;

  private static TransferResults empty(TransferPreset preset) {
    return new TransferResults(preset, "general-1", "test machine", "LOCAL", List.of(), List.of());
  }

  private static TransferPreset preset() {
    return TransferPreset.oneTarget().withGeneral("general-1");
  }

  @Test
  void writtenResultsReadBackWithEveryQuestionsScores() throws Exception {
    Cell c = Fixtures.cell("joint+ft", 8, 1, Fixtures::base);
    Cell unselected =
        new Cell("anil+adapt", 8, 1, "theta0-2", 0.01, 5, Double.NaN, c.scores(), null, 1, 2, 3, 8);
    TransferResults r =
        empty(preset())
            .with(Fixtures.target("covidqa").with(c).with(unselected))
            .with(new Run("2026-12-08T00:00:00Z", "m", 60, 2));
    Path json = ResultsStore.file(dir, "one-target");

    ResultsStore.write(r, json);
    TransferResults back = ResultsStore.read(json).orElseThrow();

    assertThat(back.preset()).isEqualTo(r.preset());
    assertThat(back.general()).isEqualTo("general-1");
    TargetResult t = back.target("covidqa");
    assertThat(t.heldOut()).isEqualTo(Fixtures.heldOut());
    assertThat(t.cell("joint+ft", 8, 1).scores().f1()).containsExactly(c.scores().f1());
    assertThat(t.cell("joint+ft", 8, 1).scores().exactMatch())
        .containsExactly(c.scores().exactMatch());
    assertThat(t.cell("anil+adapt", 8, 1).selectionF1()).isNaN();
    assertThat(t.cell("anil+adapt", 8, 1).oneStep()).isNull();
    assertThat(back.runs()).hasSize(1);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList()).as("no temporary file left").containsExactly(json);
    }
  }

  @Test
  void aRerunSkipsFinishedCellsAndAddsToThem() throws Exception {
    Path json = ResultsStore.file(dir, "one-target");
    TargetResult first =
        Fixtures.target("covidqa")
            .with(Fixtures.cell("zero-shot", 8, 1, Fixtures::base))
            .with(Fixtures.cell("general+ft", 8, 1, Fixtures::base));
    ResultsStore.write(empty(preset()).with(first), json);

    // A second run reads the file, skips what is finished and adds its own cells.
    TransferResults earlier = ResultsStore.read(json).orElseThrow();
    ResultsStore.requireCompatible(earlier, preset(), "general-1");
    TargetResult t = earlier.target("covidqa");
    assertThat(TransferRun.finished(t, "general+ft", 8, 1)).isTrue();
    assertThat(TransferRun.finished(t, "general+ft", 8, 2)).isFalse();
    assertThat(TransferRun.finished(t, "joint+ft", 8, 1)).isFalse();
    t = t.with(Fixtures.cell("joint+ft", 8, 1, Fixtures::base));
    ResultsStore.write(earlier.with(t), json);

    TargetResult merged = ResultsStore.read(json).orElseThrow().target("covidqa");
    assertThat(merged.cells())
        .extracting(Cell::method)
        .containsExactly("zero-shot", "general+ft", "joint+ft");
  }

  @Test
  void generalPlusFineTuningWithoutItsZeroShotCellIsNotFinished() {
    TargetResult t =
        Fixtures.target("covidqa").with(Fixtures.cell("general+ft", 8, 1, Fixtures::base));
    assertThat(TransferRun.finished(t, "general+ft", 8, 1)).isFalse();
    assertThat(TransferRun.finished(null, "joint+ft", 8, 1)).isFalse();
  }

  @Test
  void aCellMeasuredAgainReplacesTheOldOne() {
    TargetResult t =
        Fixtures.target("covidqa")
            .with(Fixtures.cell("joint+ft", 8, 1, (s, q) -> 0.1))
            .with(Fixtures.cell("joint+ft", 8, 1, (s, q) -> 0.3));
    assertThat(t.cells()).hasSize(1);
    assertThat(t.cell("joint+ft", 8, 1).scores().meanF1()).isCloseTo(0.3, within(1e-9));
    assertThat(t.without("joint+ft").cells()).isEmpty();
  }

  @Test
  void filesOfTwoMachinesMergeTargetsAndCells() {
    TransferResults a =
        empty(preset())
            .with(Fixtures.target("covidqa").with(Fixtures.cell("joint+ft", 8, 1, (s, q) -> 0.1)))
            .with(new Run("a", "m1", 1, 1));
    TransferResults b =
        empty(preset())
            .with(
                Fixtures.target("covidqa")
                    .with(Fixtures.cell("joint+ft", 8, 1, (s, q) -> 0.9))
                    .with(Fixtures.cell("joint+ft", 8, 2, (s, q) -> 0.2)))
            .with(Fixtures.target("policyqa").with(Fixtures.cell("joint+ft", 8, 1, (s, q) -> 0.4)))
            .with(new Run("b", "m2", 1, 3));

    TransferResults m = ResultsStore.merge(a, b);

    assertThat(m.targets()).extracting(TargetResult::target).containsExactly("covidqa", "policyqa");
    TargetResult covid = m.target("covidqa");
    assertThat(covid.cells()).hasSize(2);
    assertThat(covid.cell("joint+ft", 8, 1).scores().meanF1())
        .as("a's cell kept")
        .isCloseTo(0.1, within(1e-9));
    assertThat(m.runs()).extracting(Run::startedAt).containsExactly("a", "b");
  }

  @Test
  void resultsOfAnotherGeneralReaderOrOtherSettingsAreRefused() {
    TransferResults earlier = empty(preset());
    assertThatThrownBy(() -> ResultsStore.requireCompatible(earlier, preset(), "general-2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--general general-1");
    TransferPreset other = TransferPreset.tiny().withGeneral("general-1");
    assertThatThrownBy(() -> ResultsStore.requireCompatible(earlier, other, "general-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--out-dir");
  }
}
