package dev.metarag.bench.transfer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.metarag.bench.transfer.TransferResults.Cell;
import dev.metarag.bench.transfer.TransferResults.TargetResult;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The results file of a preset, {@code transfer-<preset>.json}: read at the start of a run, so that
 * finished cells are skipped and new ones are added to them, and written whole after every cell (to
 * a temporary file renamed over the old one, so that a run killed while writing leaves the previous
 * file intact). Files of runs on other machines merge into one with {@link #merge}.
 */
final class ResultsStore {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ResultsStore() {}

  /** The results file of a preset in a folder. */
  static Path file(Path outDir, String preset) {
    return outDir.resolve("transfer-" + preset + ".json");
  }

  static Optional<TransferResults> read(Path json) throws IOException {
    if (!Files.isRegularFile(json)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(json.toFile(), TransferResults.class));
  }

  /** Writes the whole results to a temporary file beside {@code json}, then renames it. */
  static void write(TransferResults r, Path json) throws IOException {
    Path dir = json.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(json.getFileName() + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), r);
      try {
        Files.move(tmp, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Checks that a run may add to earlier results: the same preset settings and the same general
   * reader; otherwise the cells would not compare, and the message says what to do.
   */
  static void requireCompatible(TransferResults earlier, TransferPreset preset, String general) {
    if (!Objects.equals(earlier.general(), general)) {
      throw new IllegalStateException(
          "the results file was measured from the general reader "
              + earlier.general()
              + ", this run starts from "
              + general
              + ": name it with --general "
              + earlier.general()
              + ", or give another --out-dir");
    }
    if (!earlier.preset().equals(preset)) {
      throw new IllegalStateException(
          "the results file holds preset '"
              + earlier.preset().name()
              + "' with other settings than this run's; give another --out-dir, or move the file"
              + " away to start over. File: "
              + earlier.preset()
              + "; now: "
              + preset);
    }
  }

  /**
   * Two results files of the same preset and general reader as one: targets of either, and for a
   * target in both (with the same held-out questions) the cells of both, {@code a}'s kept where
   * both have the same method, k and seed. The jobs are {@code a}'s where both have them.
   */
  static TransferResults merge(TransferResults a, TransferResults b) {
    requireCompatible(a, b.preset(), b.general());
    TransferResults out = a;
    for (TargetResult tb : b.targets()) {
      TargetResult ta = out.target(tb.target());
      if (ta == null) {
        out = out.with(tb);
        continue;
      }
      if (!ta.heldOut().equals(tb.heldOut())) {
        throw new IllegalStateException(
            "target " + tb.target() + " has other held-out questions in the two files");
      }
      for (Cell c : tb.cells()) {
        if (ta.cell(c.method(), c.k(), c.seed()) == null) {
          ta = ta.with(c);
        }
      }
      for (var j : tb.jobs()) {
        if (ta.job(j.algorithm()) == null) {
          ta = ta.with(j);
        }
      }
      out = out.with(ta);
    }
    List<TransferResults.Run> runs = new ArrayList<>(out.runs());
    runs.addAll(b.runs());
    return new TransferResults(
        out.preset(), out.general(), out.machine(), out.executor(), runs, out.targets());
  }
}
