package dev.metarag.bench.common;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options. */
public final class Args {
  private final Map<String, String> values = new HashMap<>();

  public Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option, got '" + args[i] + "'");
      }
      String name = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(name, args[++i]);
      } else {
        values.put(name, "true");
      }
    }
  }

  /**
   * The options of a command whose usage is {@code usage}; {@code --help} prints the usage and
   * exits, so that a benchmark of many minutes never starts by mistake.
   */
  public static Args orUsage(String[] argv, String usage) {
    for (String a : argv) {
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(usage);
        System.exit(0);
      }
    }
    return new Args(argv);
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int getInt(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
