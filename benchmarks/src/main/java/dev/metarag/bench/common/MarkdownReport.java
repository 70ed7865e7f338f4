package dev.metarag.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A results file written line by line as a benchmark measures: each line is printed at once (a long
 * run shows its progress) and kept for the file.
 */
public final class MarkdownReport {
  private final StringBuilder text = new StringBuilder();

  /** Formats a line with {@link Locale#ROOT} (decimal points, whatever the machine's locale). */
  public void line(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    text.append(s).append('\n');
  }

  /** Writes every line so far to {@code out}, creating its folder. */
  public void writeTo(Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(out, text.toString());
    System.out.println("results written to " + out);
  }
}
