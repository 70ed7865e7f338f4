package dev.metarag.it.supervisor;

import dev.metarag.it.suite.Service;
import dev.metarag.it.suite.Suite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Tells what the supervisor does to a service on the console and in that service's log, so that the
 * log shows where one run of the service ended and the next began.
 */
final class Announcer {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private final Suite suite;
  private final PrintStream console;

  Announcer(Suite suite, PrintStream console) {
    this.suite = suite;
    this.console = console;
  }

  /** A line on the console only. */
  void say(String message) {
    console.println("metarag: " + message);
    console.flush();
  }

  /** A line on the console and in the service's log. */
  void say(Service service, String message) {
    say(message);
    Path log = suite.log(service);
    String line = LocalDateTime.now().format(TIME) + " metarag supervisor: " + message + "\n";
    try {
      Files.createDirectories(log.getParent());
      // The service is not running while this is written, or writes with O_APPEND itself.
      Files.writeString(
          log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      console.println("metarag: could not write to " + log + ": " + e.getMessage());
    }
  }
}
