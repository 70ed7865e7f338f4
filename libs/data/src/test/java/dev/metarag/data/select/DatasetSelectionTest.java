package dev.metarag.data.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metarag.data.Fixtures;
import dev.metarag.data.NamedDatasets;
import dev.metarag.data.confine.ConfinedRoot;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSelectionTest {
  private static final String PASSWD =
      "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";

  @TempDir Path top;
  private Path data;
  private Path shared;
  private Path outside;
  private Path squad;
  private DatasetSelection selection;

  @BeforeEach
  void layout() throws IOException {
    data = Files.createDirectories(top.resolve("data"));
    shared = Files.createDirectories(top.resolve("shared"));
    outside = Files.createDirectories(top.resolve("outside"));
    squad = Files.copy(Fixtures.path("squad-mini.json"), data.resolve("squad-mini.json"));
    selection =
        new DatasetSelection(
            new ConfinedRoot("metarag.test.data-root", data),
            new ConfinedRoot("metarag.test.shared-data", shared));
  }

  private static DatasetRequest byPath(Path path, int limit, long seed) {
    return byPath(path.toString(), Optional.empty(), limit, seed);
  }

  private static DatasetRequest byPath(
      String path, Optional<NamedDatasets.Format> format, int limit, long seed) {
    return new DatasetRequest(Optional.empty(), Optional.of(path), format, limit, seed);
  }

  private static DatasetRequest byName(String name) {
    return new DatasetRequest(Optional.of(name), Optional.empty(), Optional.empty(), 0, 0);
  }

  @Test
  void readsEveryAnswerableQuestionOfAFileByPath() {
    SelectedQuestions selected = selection.select(byPath(squad, 0, 0));

    assertThat(selected.questions()).hasSize(4).allMatch(q -> !q.answerTexts().isEmpty());
    assertThat(selected.key()).isEqualTo(squad.toString());
    assertThat(selected.sha256()).hasSize(64);
  }

  @Test
  void aRelativePathIsReadFromTheDataRoot() {
    SelectedQuestions selected =
        selection.select(byPath("squad-mini.json", Optional.empty(), 0, 0));

    assertThat(selected.questions()).hasSize(4);
    assertThat(selected.key()).isEqualTo("squad-mini.json");
  }

  @Test
  void aLimitWithoutSeedTakesTheFirstInFileOrder() {
    var all = selection.select(byPath(squad, 0, 0)).questions();

    assertThat(selection.select(byPath(squad, 2, 0)).questions())
        .containsExactlyElementsOf(all.subList(0, 2));
  }

  @Test
  void aSeededLimitDrawsTheSameQuestionsEveryTime() {
    var first = selection.select(byPath(squad, 3, 42)).questions();
    var again = selection.select(byPath(squad, 3, 42)).questions();

    assertThat(first).hasSize(3).containsExactlyElementsOf(again);
  }

  @Test
  void aNamedDataSetResolvesUnderTheSharedRoot() throws IOException {
    Files.createDirectories(shared.resolve("covidqa"));
    Files.copy(squad, shared.resolve("covidqa/covid-qa-dev.json"));

    SelectedQuestions selected = selection.select(byName("covidqa/dev"));

    assertThat(selected.key()).isEqualTo("covidqa/dev");
    assertThat(selected.questions()).extracting(QaExample::question).hasSize(4);
  }

  @Test
  void aSharedDataFileCanBeGivenByPathToo() throws IOException {
    Path dev = Files.copy(squad, shared.resolve("dev.json"));

    assertThat(selection.select(byPath(dev, 0, 0)).questions()).hasSize(4);
  }

  @Test
  void unknownNamesMissingNamedFilesAndMissingPathsAreNotFound() {
    assertThatThrownBy(() -> selection.select(byName("nope/dev")))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("unknown data set 'nope/dev'");
    assertThatThrownBy(() -> selection.select(byName("policyqa/dev")))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessage(
            "data set 'policyqa/dev' is not installed: no policyqa/dev.json under"
                + " metarag.test.shared-data");
    assertThatThrownBy(() -> selection.select(byPath(data.resolve("missing.json"), 0, 0)))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessage("no data at missing.json under metarag.test.data-root");
  }

  @Test
  void aPathOutsideTheRootsIsRefusedBeforeItIsOpened() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.json"), PASSWD);

    for (NamedDatasets.Format format :
        new NamedDatasets.Format[] {
          NamedDatasets.Format.SQUAD_JSON, NamedDatasets.Format.SUBJQA_CSV
        }) {
      for (String path : new String[] {"/etc/passwd", secret.toString(), "/"}) {
        assertThatThrownBy(() -> selection.select(byPath(path, Optional.of(format), 0, 0)))
            .as(path + " as " + format)
            .isInstanceOf(InvalidDatasetException.class)
            .hasMessageContaining("is outside the allowed directories")
            .hasMessageContaining("metarag.test.data-root or metarag.test.shared-data")
            .hasMessageNotContaining("root:x")
            .hasMessageNotContaining(data.toString());
      }
    }
  }

  @Test
  void aPathThatClimbsWithDotDotIsRefused() {
    String climbing = data.resolve("../outside/secret.json").toString();

    assertThatThrownBy(() -> selection.select(byPath(climbing, Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("climbs with '..'");
    assertThatThrownBy(
            () -> selection.select(byPath("../../../etc/passwd", Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("climbs with '..'");
  }

  @Test
  void aLinkOutOfARootIsRefusedWithoutReadingItsTarget() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.json"), PASSWD);
    Files.createSymbolicLink(data.resolve("escape.json"), secret);

    assertThatThrownBy(() -> selection.select(byPath("escape.json", Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("leads out of the allowed directories")
        .hasMessageNotContaining("root:x");
  }

  @Test
  void aFileThatIsNotJsonIsDescribedByLineNeverQuoted() throws IOException {
    Files.writeString(data.resolve("passwd.json"), PASSWD);

    assertThatThrownBy(() -> selection.select(byPath("passwd.json", Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessage(
            "passwd.json under metarag.test.data-root is not valid SQUAD_JSON: line 1, column 1:"
                + " not valid JSON");
  }

  @Test
  void aFileThatIsNotSubjqaIsDescribedNeverQuotedAndNeverAnNpe() throws IOException {
    Files.writeString(data.resolve("passwd"), PASSWD);

    assertThatThrownBy(
            () ->
                selection.select(
                    byPath("passwd", Optional.of(NamedDatasets.Format.SUBJQA_CSV), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageStartingWith(
            "passwd under metarag.test.data-root is not valid SUBJQA_CSV: line 1: not a SubjQA"
                + " split, the header lacks review_id")
        .hasMessageNotContaining("root:x")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void formatsWithoutSpansAndFoldersAreInvalid() throws IOException {
    Files.createDirectories(data.resolve("folder.json"));

    assertThatThrownBy(
            () ->
                selection.select(
                    byPath(squad.toString(), Optional.of(NamedDatasets.Format.MEDQUAD_XML), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("no extractive answer spans");
    assertThatThrownBy(
            () ->
                selection.select(
                    byPath("folder.json", Optional.of(NamedDatasets.Format.SQUAD_JSON), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("folder.json under metarag.test.data-root is not a file");
  }

  @Test
  void anUnknownExtensionNeedsAnExplicitFormat() throws IOException {
    Path text = Files.writeString(data.resolve("questions.txt"), "hello");

    assertThatThrownBy(() -> selection.select(byPath(text, 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("cannot infer the format of questions.txt under");
  }

  @Test
  void aNameThatClimbsOutOfTheSharedDataIsUnknown() throws IOException {
    Files.createDirectories(shared.resolve("policyqa"));
    Files.copy(squad, top.resolve("secret.json"));

    assertThatThrownBy(() -> selection.select(byName("policyqa/../../secret")))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("unknown data set 'policyqa/../../secret'");
  }

  @Test
  void aPathTheFileSystemCannotNameIsInvalid() {
    assertThatThrownBy(
            () -> selection.select(byPath("questions\u0000.json", Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageContaining("is not a valid file path");
  }

  @Test
  void messagesQuoteAtMostEightyCharactersOfANameOrPath() {
    assertThatThrownBy(() -> selection.select(byName("x".repeat(100_000))))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageStartingWith(
            "unknown data set '" + "x".repeat(80) + "...' (100000 characters);");
    assertThatThrownBy(
            () -> selection.select(byPath("/" + "y".repeat(100_000), Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidDatasetException.class)
        .hasMessageStartingWith("path '/" + "y".repeat(79) + "...' (100001 characters)");
  }
}
