package dev.metarag.data.select;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Reads the answerable questions a {@link DatasetRequest} names, for training and adaptation: only
 * formats with extractive answer texts (SQuAD JSON, SubjQA CSV) qualify.
 */
public final class DatasetSelection {
  private final Path sharedData;

  /**
   * @param sharedData root of the named shared data sets
   */
  public DatasetSelection(Path sharedData) {
    this.sharedData = sharedData;
  }

  /**
   * @throws DatasetNotFoundException for an unknown name or a missing path
   * @throws InvalidDatasetException when the format cannot be inferred, has no extractive answers,
   *     or the file does not parse
   */
  public SelectedQuestions select(DatasetRequest request) {
    String key;
    Path path;
    NamedDatasets.Format format;
    if (request.name().isPresent()) {
      key = request.name().get();
      NamedDatasets.Location location =
          located(key)
              .orElseThrow(
                  () ->
                      new DatasetNotFoundException(
                          "unknown data set "
                              + quoted(key)
                              + "; use xquad.<lang>, policyqa/<split>, covidqa/<split>,"
                              + " cmrc2018/<split> or subjqa/<domain>/<split>"));
      path = location.path();
      format = location.format();
    } else {
      key = request.path().get();
      path = filePath(key);
      format =
          request
              .format()
              .or(() -> NamedDatasets.infer(path))
              .orElseThrow(
                  () ->
                      new InvalidDatasetException(
                          "cannot infer the format of "
                              + quoted(key)
                              + " from its name; set the format"));
    }
    if (!Files.exists(path)) {
      throw new DatasetNotFoundException("no data at " + shortened(path.toString()));
    }
    if (format == NamedDatasets.Format.MEDQUAD_XML
        || format == NamedDatasets.Format.PUBMEDQA_JSON) {
      throw new InvalidDatasetException(
          format + " has no extractive answer spans; use SQuAD-style or SubjQA data");
    }
    QaDataset data;
    try {
      data = NamedDatasets.read(path, format);
    } catch (IOException | RuntimeException e) {
      throw new InvalidDatasetException(
          "cannot read "
              + shortened(path.toString())
              + " as "
              + format
              + ": "
              + cut(e.getMessage()));
    }
    List<QaExample> answerable = new ArrayList<>();
    List<SelectedQuestions.Unanswerable> unanswerable = new ArrayList<>();
    for (int i = 0; i < data.examples().size(); i++) {
      QaExample q = data.examples().get(i);
      if (q.answerable()) {
        answerable.add(q);
      } else {
        unanswerable.add(new SelectedQuestions.Unanswerable(i, q));
      }
    }
    if (request.limit() > 0 && request.limit() < answerable.size()) {
      if (request.seed() != 0) {
        Collections.shuffle(answerable, new Random(request.seed()));
      }
      answerable = answerable.subList(0, request.limit());
    }
    return new SelectedQuestions(
        key, sha256(path), List.copyOf(answerable), List.copyOf(unanswerable));
  }

  /**
   * Where a named data set lives, if the name is known and stays inside the shared data: a name is
   * not a path, so one that climbs out ("policyqa/../../x") is unknown.
   */
  private Optional<NamedDatasets.Location> located(String name) {
    Path root = sharedData.toAbsolutePath().normalize();
    return NamedDatasets.locate(sharedData, name)
        .filter(l -> l.path().toAbsolutePath().normalize().startsWith(root));
  }

  /** A data set's path as the request gives it; one the file system cannot name is invalid. */
  private static Path filePath(String path) {
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      throw new InvalidDatasetException(
          "path " + quoted(path) + " is not a valid file path (" + e.getReason() + ")");
    }
  }

  /**
   * A caller's value as a message quotes it, cut after 80 characters with its length said, so that
   * a message never carries a huge request field back to the caller.
   */
  static String quoted(String value) {
    if (value.length() <= 80) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, 80) + "...' (" + value.length() + " characters)";
  }

  /** The same without quotes, for paths. */
  static String shortened(String value) {
    if (value.length() <= 80) {
      return value;
    }
    return value.substring(0, 80) + "... (" + value.length() + " characters)";
  }

  /** A parser's message, which may quote the file, kept short. */
  private static String cut(String message) {
    if (message == null) {
      return "(no detail)";
    }
    return message.length() <= 300 ? message : message.substring(0, 300) + "...";
  }

  /** SHA-256 of a file, or of every file of a folder in name order. */
  static String sha256(Path path) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      List<Path> files;
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          files = walk.filter(Files::isRegularFile).sorted().toList();
        }
      } else {
        files = List.of(path);
      }
      byte[] buffer = new byte[1 << 16];
      for (Path f : files) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), digest)) {
          while (in.read(buffer) > 0) {
            // the digest sees every byte
          }
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
