package dev.metarag.data.qa;

import java.io.IOException;

/**
 * A data set file that does not have the shape its format needs. The message is written for whoever
 * sent the file's path: where in the file (a line, a column, a row or an entry) and what is wrong,
 * never the file's content, which may be anything the service can read.
 */
public final class DatasetFormatException extends IOException {
  public DatasetFormatException(String message) {
    super(message);
  }
}
