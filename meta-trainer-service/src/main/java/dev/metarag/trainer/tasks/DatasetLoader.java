package dev.metarag.trainer.tasks;

import dev.metarag.data.NamedDatasets;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import dev.metarag.proto.v1.DatasetFormat;
import dev.metarag.proto.v1.DatasetRef;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Reads the labelled questions a {@link DatasetRef} points at: a path on this service's file system
 * or a named shared data set. Missing files are NOT_FOUND; files that do not parse, and formats
 * without extractive answers, are INVALID_ARGUMENT.
 */
public final class DatasetLoader {
  private final Path sharedData;

  public DatasetLoader(Path sharedData) {
    this.sharedData = sharedData;
  }

  public LoadedDataset load(String field, DatasetRef ref) {
    Path path;
    NamedDatasets.Format format;
    String key;
    if (ref.getSourceCase() == DatasetRef.SourceCase.NAME) {
      key = ref.getName();
      NamedDatasets.Location location =
          NamedDatasets.locate(sharedData, ref.getName())
              .orElseThrow(
                  () ->
                      Status.NOT_FOUND
                          .withDescription(
                              field
                                  + ".name: unknown data set '"
                                  + ref.getName()
                                  + "'; use xquad.<lang>, policyqa/<split>, covidqa/<split>, cmrc2018/<split> or subjqa/<domain>/<split>")
                          .asRuntimeException());
      path = location.path();
      format = location.format();
    } else {
      key = ref.getPath();
      path = Path.of(ref.getPath());
      format = explicitFormat(field, ref.getFormat());
      if (format == null) {
        format =
            NamedDatasets.infer(path)
                .orElseThrow(
                    () ->
                        Status.INVALID_ARGUMENT
                            .withDescription(
                                field + ".format: cannot infer the format of " + path + "; set it")
                            .asRuntimeException());
      }
    }
    if (!Files.exists(path)) {
      throw Status.NOT_FOUND.withDescription(field + ": no data at " + path).asRuntimeException();
    }
    if (format == NamedDatasets.Format.MEDQUAD_XML
        || format == NamedDatasets.Format.PUBMEDQA_JSON) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              field
                  + ": "
                  + format
                  + " has no extractive answer spans; meta-training needs SQuAD-style or SubjQA data")
          .asRuntimeException();
    }
    QaDataset data;
    try {
      data = NamedDatasets.read(path, format);
    } catch (IOException | RuntimeException e) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              field + ": cannot read " + path + " as " + format + ": " + e.getMessage())
          .asRuntimeException();
    }
    List<LabelledQuestion> questions = new ArrayList<>();
    for (QaExample e : data.answerable()) {
      questions.add(
          new LabelledQuestion(e.question(), e.answerTexts().stream().distinct().toList()));
    }
    if (ref.getLimit() > 0 && ref.getLimit() < questions.size()) {
      if (ref.getSeed() != 0) {
        Collections.shuffle(questions, new Random(ref.getSeed()));
      }
      questions = List.copyOf(questions.subList(0, ref.getLimit()));
    }
    return new LoadedDataset(key, sha256(path), questions);
  }

  private static NamedDatasets.Format explicitFormat(String field, DatasetFormat format) {
    return switch (format) {
      case DATASET_FORMAT_UNSPECIFIED -> null;
      case DATASET_FORMAT_SQUAD_JSON -> NamedDatasets.Format.SQUAD_JSON;
      case DATASET_FORMAT_SUBJQA_CSV -> NamedDatasets.Format.SUBJQA_CSV;
      case DATASET_FORMAT_MEDQUAD -> NamedDatasets.Format.MEDQUAD_XML;
      case DATASET_FORMAT_PUBMEDQA -> NamedDatasets.Format.PUBMEDQA_JSON;
      default ->
          throw Status.INVALID_ARGUMENT
              .withDescription(field + ".format: " + format + " is not supported for meta-training")
              .asRuntimeException();
    };
  }

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
