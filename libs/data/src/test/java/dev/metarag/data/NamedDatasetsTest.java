package dev.metarag.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NamedDatasetsTest {
  private final Path root = Path.of("/data");

  @Test
  void eachNamedFormPointsAtItsFileAndFormat() {
    assertThat(NamedDatasets.locate(root, "xquad.en"))
        .contains(
            new NamedDatasets.Location(
                Path.of("/data/xquad/xquad.en.json"), NamedDatasets.Format.SQUAD_JSON));
    assertThat(NamedDatasets.locate(root, "policyqa/test").orElseThrow().path())
        .isEqualTo(Path.of("/data/policyqa/test.json"));
    assertThat(NamedDatasets.locate(root, "covidqa/dev").orElseThrow().path())
        .isEqualTo(Path.of("/data/covidqa/covid-qa-dev.json"));
    assertThat(NamedDatasets.locate(root, "subjqa/books/train"))
        .contains(
            new NamedDatasets.Location(
                Path.of("/data/subjqa/SubjQA/books/splits/train.csv"),
                NamedDatasets.Format.SUBJQA_CSV));
    assertThat(NamedDatasets.locate(root, "squad/train"))
        .contains(
            new NamedDatasets.Location(
                Path.of("/data/squad/train-v1.1.json"), NamedDatasets.Format.SQUAD_JSON));
    assertThat(NamedDatasets.locate(root, "squad/dev").orElseThrow().path())
        .isEqualTo(Path.of("/data/squad/dev-v1.1.json"));
    assertThat(NamedDatasets.locate(root, "medquad").orElseThrow().format())
        .isEqualTo(NamedDatasets.Format.MEDQUAD_XML);
  }

  @Test
  void unknownOrMalformedNamesAreEmpty() {
    assertThat(NamedDatasets.locate(root, "squad2")).isEmpty();
    assertThat(NamedDatasets.locate(root, "subjqa/books")).isEmpty();
    // SQuAD has no test split, and "squad/" must not become a path.
    assertThat(NamedDatasets.locate(root, "squad/test")).isEmpty();
    assertThat(NamedDatasets.locate(root, "squad/../etc")).isEmpty();
  }

  @Test
  void formatsAreInferredFromTheFileName() {
    assertThat(NamedDatasets.infer(Path.of("/nowhere/train.csv")))
        .contains(NamedDatasets.Format.SUBJQA_CSV);
    assertThat(NamedDatasets.infer(Path.of("/nowhere/dev.json")))
        .contains(NamedDatasets.Format.SQUAD_JSON);
    assertThat(NamedDatasets.infer(Path.of("/nowhere/ori_pqal.json")))
        .contains(NamedDatasets.Format.PUBMEDQA_JSON);
    assertThat(NamedDatasets.infer(Path.of("/nowhere/notes.txt"))).isEmpty();
    assertThat(NamedDatasets.infer(Path.of("/"))).isEmpty();
  }
}
