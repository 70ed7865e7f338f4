package dev.metarag.data.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.data.Fixtures;
import dev.metarag.data.NamedDatasets;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSelectionTest {
  @TempDir Path shared;

  private final Path squad = Fixtures.path("squad-mini.json");

  private static DatasetRequest byPath(Path path, int limit, long seed) {
    return new DatasetRequest(
        Optional.empty(), Optional.of(path.toString()), Optional.empty(), limit, seed);
  }

  @Test
  void readsEveryAnswerableQuestionOfAFileByPath() {
    SelectedQuestions selected = new DatasetSelection(shared).select(byPath(squad, 0, 0));

    assertThat(selected.questions()).hasSize(4).allMatch(q -> !q.answerTexts().isEmpty());
    assertThat(selected.key()).isEqualTo(squad.toString());
    assertThat(selected.sha256()).hasSize(64);
  }

  @Test
  void aLimitWithoutSeedTakesTheFirstInFileOrder() {
    DatasetSelection selection = new DatasetSelection(shared);
    var all = selection.select(byPath(squad, 0, 0)).questions();

    assertThat(selection.select(byPath(squad, 2, 0)).questions())
        .containsExactlyElementsOf(all.subList(0, 2));
  }

  @Test
  void aSeededLimitDrawsTheSameQuestionsEveryTime() {
    DatasetSelection selection = new DatasetSelection(shared);

    var first = selection.select(byPath(squad, 3, 42)).questions();
    var again = selection.select(byPath(squad, 3, 42)).questions();

    assertThat(first).hasSize(3).containsExactlyElementsOf(again);
  }

  @Test
  void aNamedDataSetResolvesUnderTheSharedRoot() throws IOException {
    Files.createDirectories(shared.resolve("covidqa"));
    Files.copy(squad, shared.resolve("covidqa/covid-qa-dev.json"));
    DatasetRequest named =
        new DatasetRequest(Optional.of("covidqa/dev"), Optional.empty(), Optional.empty(), 0, 0);

    SelectedQuestions selected = new DatasetSelection(shared).select(named);

    assertThat(selected.key()).isEqualTo("covidqa/dev");
    assertThat(selected.questions()).extracting(QaExample::question).hasSize(4);
  }

  @Test
  void unknownNamesAndMissingPathsAreNotFound() {
    DatasetSelection selection = new DatasetSelection(shared);
    DatasetRequest unknown =
        new DatasetRequest(Optional.of("nope/dev"), Optional.empty(), Optional.empty(), 0, 0);

    assertThatThrownBy(() -> selection.select(unknown))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("unknown data set 'nope/dev'");
    assertThatThrownBy(() -> selection.select(byPath(shared.resolve("missing.json"), 0, 0)))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("missing.json");
  }

  @Test
  void filesThatDoNotParseOrHaveNoSpansAreInvalid() throws IOException {
    Path broken = Files.writeString(shared.resolve("broken.json"), "{ not json");
    DatasetSelection selection = new DatasetSelection(shared);
    DatasetRequest medquad =
        new DatasetRequest(
            Optional.empty(),
            Optional.of(squad.toString()),
            Optional.of(NamedDatasets.Format.MEDQUAD_XML),
            0,
            0);

    assertThatThrownBy(() -> selection.select(byPath(broken, 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("broken.json");
    assertThatThrownBy(() -> selection.select(medquad))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("no extractive answer spans");
  }

  @Test
  void anUnknownExtensionNeedsAnExplicitFormat() throws IOException {
    Path text = Files.writeString(shared.resolve("questions.txt"), "hello");

    assertThatThrownBy(() -> new DatasetSelection(shared).select(byPath(text, 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("cannot infer the format");
  }

  @Test
  void aNameThatClimbsOutOfTheSharedDataIsUnknown() throws IOException {
    Path parent = Files.createDirectories(shared.resolve("data"));
    Files.createDirectories(parent.resolve("policyqa"));
    Files.copy(squad, shared.resolve("secret.json"));
    DatasetRequest climbing =
        new DatasetRequest(
            Optional.of("policyqa/../../secret"), Optional.empty(), Optional.empty(), 0, 0);

    assertThatThrownBy(() -> new DatasetSelection(parent).select(climbing))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("unknown data set 'policyqa/../../secret'");
  }

  @Test
  void aPathTheFileSystemCannotNameIsInvalid() {
    DatasetRequest nul =
        new DatasetRequest(
            Optional.empty(), Optional.of("questions\u0000.json"), Optional.empty(), 0, 0);

    assertThatThrownBy(() -> new DatasetSelection(shared).select(nul))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("is not a valid file path");
  }

  @Test
  void messagesQuoteAtMostEightyCharactersOfAName() {
    DatasetRequest huge =
        new DatasetRequest(
            Optional.of("x".repeat(100_000)), Optional.empty(), Optional.empty(), 0, 0);

    assertThatThrownBy(() -> new DatasetSelection(shared).select(huge))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageStartingWith(
            "unknown data set '" + "x".repeat(80) + "...' (100000 characters);");
  }
}
