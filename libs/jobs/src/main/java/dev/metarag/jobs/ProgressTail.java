package dev.metarag.jobs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a progress log incrementally: each call returns the complete lines appended since the
 * previous call. A line still being written (no newline yet) is left for the next call.
 */
public final class ProgressTail {
  private final Path file;
  private long offset;

  ProgressTail(Path file) {
    this.file = file;
  }

  public synchronized List<ProgressEvent> poll() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<ProgressEvent> events = new ArrayList<>();
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return List.of();
      }
      byte[] bytes = new byte[(int) (length - offset)];
      in.seek(offset);
      in.readFully(bytes);
      int start = 0;
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
          if (!line.isBlank()) {
            events.add(JobDirectory.JSON.readValue(line, ProgressEvent.class));
          }
          start = i + 1;
        }
      }
      offset += start;
    }
    return events;
  }
}
