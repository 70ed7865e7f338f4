package dev.metarag.data;

import dev.metarag.data.medquad.MedquadReader;
import dev.metarag.data.pubmedqa.PubmedqaReader;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.squad.SquadReader;
import dev.metarag.data.subjqa.SubjqaReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The names services accept for the shared data sets ({@code xquad.en}, {@code policyqa/test},
 * {@code covidqa/train}, {@code cmrc2018/dev}, {@code squad/train}, {@code squad/dev}, {@code
 * subjqa/<domain>/<split>}, {@code medquad}, {@code pubmedqa}) and the file and format each stands
 * for, relative to a shared data root.
 */
public final class NamedDatasets {
  private NamedDatasets() {}

  /** File formats of the shared data. */
  public enum Format {
    SQUAD_JSON,
    SUBJQA_CSV,
    MEDQUAD_XML,
    PUBMEDQA_JSON
  }

  /**
   * Where a named data set lives.
   *
   * @param path the file or folder, under the shared data root
   * @param format how to read it
   */
  public record Location(Path path, Format format) {}

  /** The location a name stands for, or empty when the name is not one of the known forms. */
  public static Optional<Location> locate(Path root, String name) {
    String n = name.trim();
    if (n.startsWith("xquad.")) {
      return Optional.of(new Location(root.resolve("xquad/" + n + ".json"), Format.SQUAD_JSON));
    }
    if (n.startsWith("policyqa/")) {
      return Optional.of(new Location(root.resolve(n + ".json"), Format.SQUAD_JSON));
    }
    if (n.startsWith("covidqa/")) {
      return Optional.of(
          new Location(
              root.resolve("covidqa/covid-qa-" + n.substring(8) + ".json"), Format.SQUAD_JSON));
    }
    if (n.startsWith("cmrc2018/")) {
      return Optional.of(
          new Location(
              root.resolve("cmrc2018/cmrc2018_" + n.substring(9) + ".json"), Format.SQUAD_JSON));
    }
    if (n.equals("squad/train") || n.equals("squad/dev")) {
      // SQuAD v1.1: the general domain (train only: XQuAD's paragraphs come from dev).
      return Optional.of(new Location(root.resolve(n + "-v1.1.json"), Format.SQUAD_JSON));
    }
    if (n.startsWith("subjqa/")) {
      String[] p = n.split("/");
      if (p.length != 3) {
        return Optional.empty();
      }
      return Optional.of(
          new Location(
              root.resolve("subjqa/SubjQA/" + p[1] + "/splits/" + p[2] + ".csv"),
              Format.SUBJQA_CSV));
    }
    if (n.equals("medquad")) {
      return Optional.of(new Location(root.resolve("medquad"), Format.MEDQUAD_XML));
    }
    if (n.equals("pubmedqa")) {
      return Optional.of(
          new Location(root.resolve("pubmedqa/ori_pqal.json"), Format.PUBMEDQA_JSON));
    }
    return Optional.empty();
  }

  /**
   * The format of a file given by path: by its extension, or a folder of XML for MedQuAD. A path
   * without a file name (a file system root) has none.
   */
  public static Optional<Format> infer(Path path) {
    if (path.getFileName() == null) {
      return Optional.empty();
    }
    String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(path)) {
      return Optional.of(Format.MEDQUAD_XML);
    }
    if (file.endsWith(".csv")) {
      return Optional.of(Format.SUBJQA_CSV);
    }
    if (file.equals("ori_pqal.json")) {
      return Optional.of(Format.PUBMEDQA_JSON);
    }
    if (file.endsWith(".json")) {
      return Optional.of(Format.SQUAD_JSON);
    }
    return Optional.empty();
  }

  /** Reads a data set in the given format. */
  public static QaDataset read(Path path, Format format) throws IOException {
    return switch (format) {
      case SQUAD_JSON -> SquadReader.read(path);
      case SUBJQA_CSV -> SubjqaReader.read(path);
      case MEDQUAD_XML -> MedquadReader.read(path);
      case PUBMEDQA_JSON -> PubmedqaReader.read(path);
    };
  }
}
