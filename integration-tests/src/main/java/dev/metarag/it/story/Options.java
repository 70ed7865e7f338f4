package dev.metarag.it.story;

import java.util.HashMap;
import java.util.Map;

/** The {@code --key value} pairs of the story programs' command lines. */
final class Options {
  private Options() {}

  static Map<String, String> parse(String[] argv) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException(
            "expected --option value pairs, got '" + argv[i] + "'; --help lists the options");
      }
      out.put(argv[i].substring(2), argv[++i]);
    }
    return out;
  }
}
