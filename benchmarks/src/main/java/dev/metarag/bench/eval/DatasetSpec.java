package dev.metarag.bench.eval;

import dev.metarag.data.SharedData;
import dev.metarag.data.beir.BeirFiles;
import dev.metarag.data.beir.QaToRetrieval;
import dev.metarag.data.beir.RetrievalDataset;
import dev.metarag.data.medquad.MedquadReader;
import dev.metarag.data.squad.SquadReader;
import dev.metarag.data.subjqa.SubjqaReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names a retrieval data set on the command line.
 *
 * <ul>
 *   <li>{@code xquad.en}, {@code xquad.zh}, {@code policyqa/dev|test}, {@code
 *       covidqa/train|dev|test}, {@code cmrc2018/dev}, {@code squad/train|dev}, {@code
 *       subjqa/<domain>/<split>}, {@code medquad}: the shared data sets
 *   <li>{@code squad:<file>}: any SQuAD v1 JSON file
 *   <li>{@code beir:<dir>[:<split>]}: a BEIR folder (split defaults to test)
 * </ul>
 *
 * @param scopeKey metadata key whose value scopes each query to its own policy or item, or null
 * @param chinese whether the BM25 channel needs the CJK analyzer
 */
record DatasetSpec(String name, RetrievalDataset data, String scopeKey, boolean chinese) {

  static DatasetSpec load(String spec) throws IOException {
    if (spec.startsWith("squad:")) {
      Path file = Path.of(spec.substring(6));
      return new DatasetSpec(slug(file.getFileName().toString()), squad(file), null, false);
    }
    if (spec.startsWith("beir:")) {
      String[] parts = spec.substring(5).split(":");
      Path dir = Path.of(parts[0]);
      return new DatasetSpec(
          slug(dir.getFileName().toString()),
          BeirFiles.read(dir, parts.length > 1 ? parts[1] : "test"),
          null,
          false);
    }
    if (spec.equals("medquad")) {
      return new DatasetSpec(
          "medquad", QaToRetrieval.convert(MedquadReader.read(shared("medquad"))), null, false);
    }
    if (spec.startsWith("xquad.")) {
      String lang = spec.substring(6);
      return new DatasetSpec(
          slug(spec), squad(shared("xquad/xquad." + lang + ".json")), null, lang.equals("zh"));
    }
    if (spec.startsWith("policyqa/")) {
      // PolicyQA questions ask about one privacy policy: scope them to it, as the data README says.
      return new DatasetSpec(
          slug(spec), squad(shared("policyqa/" + spec.substring(9) + ".json")), "title", false);
    }
    if (spec.startsWith("covidqa/")) {
      return new DatasetSpec(
          slug(spec),
          squad(shared("covidqa/covid-qa-" + spec.substring(8) + ".json")),
          null,
          false);
    }
    if (spec.equals("squad/train") || spec.equals("squad/dev")) {
      return new DatasetSpec(slug(spec), squad(shared(spec + "-v1.1.json")), null, false);
    }
    if (spec.startsWith("cmrc2018/")) {
      return new DatasetSpec(
          slug(spec),
          squad(shared("cmrc2018/cmrc2018_" + spec.substring(9) + ".json")),
          null,
          true);
    }
    if (spec.startsWith("subjqa/")) {
      String[] p = spec.split("/");
      if (p.length != 3) {
        throw new IllegalArgumentException(
            "use subjqa/<domain>/<split>, for example subjqa/electronics/test");
      }
      Path csv = shared("subjqa/SubjQA/" + p[1] + "/splits/" + p[2] + ".csv");
      // SubjQA questions ask about one reviewed item: scope them to it.
      return new DatasetSpec(
          slug(spec), QaToRetrieval.convert(SubjqaReader.read(csv)), "item_id", false);
    }
    throw new IllegalArgumentException("unknown data set '" + spec + "'");
  }

  private static RetrievalDataset squad(Path file) throws IOException {
    return QaToRetrieval.convert(SquadReader.read(file));
  }

  private static Path shared(String relative) {
    Path p = SharedData.resolve(relative).orElse(null);
    if (p == null || !Files.exists(p)) {
      throw new IllegalArgumentException(SharedData.missingMessage(relative));
    }
    return p;
  }

  static String slug(String s) {
    return s.toLowerCase(java.util.Locale.ROOT)
        .replaceAll("\\.json$", "")
        .replaceAll("[^a-z0-9]+", "-");
  }
}
