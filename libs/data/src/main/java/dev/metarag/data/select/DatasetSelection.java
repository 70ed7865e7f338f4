package dev.metarag.data.select;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.Quoted;
import dev.metarag.data.confine.ConfinedPath;
import dev.metarag.data.confine.ConfinedRoot;
import dev.metarag.data.confine.ConfinedRoots;
import dev.metarag.data.confine.PathOutsideRootsException;
import dev.metarag.data.qa.DatasetFormatException;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Reads the answerable questions a {@link DatasetRequest} names, for training and adaptation: only
 * formats with extractive answer texts (SQuAD JSON, SubjQA CSV) qualify.
 *
 * <p>A path is read only when it lies under the data root or the shared data ({@link
 * ConfinedRoots}: real paths, no "..", relative paths under the data root); a name only when it
 * resolves inside the shared data. Every message is written for the caller: files are named by
 * their path below a root and the setting of that root, and a file that does not parse is described
 * by where and what, never quoted.
 */
public final class DatasetSelection {
  private static final System.Logger LOG = System.getLogger(DatasetSelection.class.getName());

  private final ConfinedRoot sharedData;
  private final ConfinedRoots files;
  private final ConfinedRoots names;

  /**
   * @param dataRoot where callers' files live; relative paths resolve under it
   * @param sharedData root of the named shared data sets, readable by path too
   */
  public DatasetSelection(ConfinedRoot dataRoot, ConfinedRoot sharedData) {
    this.sharedData = sharedData;
    this.files = ConfinedRoots.of(dataRoot, sharedData);
    this.names = ConfinedRoots.of(sharedData);
  }

  /**
   * @throws DatasetNotFoundException for an unknown name or a missing file
   * @throws InvalidDatasetException for a path outside the roots, a format that cannot be inferred
   *     or has no extractive answers, or a file that does not parse
   */
  public SelectedQuestions select(DatasetRequest request) {
    Source source = request.name().isPresent() ? named(request.name().get()) : byPath(request);
    if (source.format() == NamedDatasets.Format.MEDQUAD_XML
        || source.format() == NamedDatasets.Format.PUBMEDQA_JSON) {
      throw new InvalidDatasetException(
          source.format() + " has no extractive answer spans; use SQuAD-style or SubjQA data");
    }
    ConfinedPath file = source.file();
    if (!Files.isRegularFile(file.path())) {
      throw new InvalidDatasetException(
          file.describe() + " is not a file; " + source.format() + " data is one file");
    }
    QaDataset data = read(file, source.format());
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
        source.key(), sha256(file.path()), List.copyOf(answerable), List.copyOf(unanswerable));
  }

  /**
   * A data set's file, found and allowed.
   *
   * @param key the name or the path as the request gives it, for lineage
   */
  private record Source(String key, ConfinedPath file, NamedDatasets.Format format) {}

  /**
   * A named data set, if the name is known and stays inside the shared data: a name is not a path,
   * so one that climbs out ("policyqa/../../x") is unknown.
   */
  private Source named(String name) {
    Path root = sharedData.directory().toAbsolutePath().normalize();
    NamedDatasets.Location location =
        NamedDatasets.locate(root, name).orElseThrow(() -> unknown(name));
    ConfinedPath file;
    try {
      file = names.resolve("data set", location.path().toString());
    } catch (PathOutsideRootsException e) {
      throw unknown(name);
    }
    if (!file.exists()) {
      throw new DatasetNotFoundException(
          "data set " + Quoted.of(name) + " is not installed: no " + file.describe());
    }
    return new Source(name, file, location.format());
  }

  /** A file given by path: allowed under the roots only, its format given or inferred. */
  private Source byPath(DatasetRequest request) {
    String path = request.path().orElseThrow();
    ConfinedPath file = confined(path);
    if (!file.exists()) {
      throw new DatasetNotFoundException("no data at " + file.describe());
    }
    NamedDatasets.Format format =
        request
            .format()
            .or(() -> NamedDatasets.infer(file.path()))
            .orElseThrow(
                () ->
                    new InvalidDatasetException(
                        "cannot infer the format of "
                            + file.describe()
                            + " from its name; set the format"));
    return new Source(path, file, format);
  }

  private static DatasetNotFoundException unknown(String name) {
    return new DatasetNotFoundException(
        "unknown data set "
            + Quoted.of(name)
            + "; use xquad.<lang>, policyqa/<split>, covidqa/<split>,"
            + " cmrc2018/<split> or subjqa/<domain>/<split>");
  }

  /** A caller's path, allowed under the roots only. */
  private ConfinedPath confined(String path) {
    try {
      return files.resolve("path", path);
    } catch (PathOutsideRootsException e) {
      throw new InvalidDatasetException(e.getMessage());
    }
  }

  /**
   * Reads the file; a failure is told as where and what, never with a parser's or the JDK's text,
   * which can quote the file or name the server's directories.
   */
  private static QaDataset read(ConfinedPath file, NamedDatasets.Format format) {
    try {
      return NamedDatasets.read(file.path(), format);
    } catch (DatasetFormatException e) {
      throw new InvalidDatasetException(
          file.describe() + " is not valid " + format + ": " + e.getMessage());
    } catch (AccessDeniedException e) {
      throw new InvalidDatasetException(
          file.describe() + " cannot be read: the service is not allowed to read it");
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING, "reading " + file.path() + " as " + format + " failed", e);
      throw new InvalidDatasetException(
          file.describe() + " cannot be read as " + format + " (the service logged why)");
    }
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
