package dev.metarag.security.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads an API key file. A line per key, fields separated by spaces or tabs:
 *
 * <pre>
 * # comment lines start with '#'; blank lines are ignored
 * &lt;key&gt;   &lt;role&gt;   [&lt;name&gt;]
 * </pre>
 *
 * <ul>
 *   <li>{@code <key>}: the key itself, 16 to 512 printable ASCII characters without spaces, or
 *       {@code sha256:} followed by the 64 hex digits of the key's SHA-256 (of its UTF-8 bytes), so
 *       that the file need not hold the secret;
 *   <li>{@code <role>}: {@code read}, {@code write} or {@code admin};
 *   <li>{@code <name>}: who holds the key, for logs and PERMISSION_DENIED messages: 1 to 64
 *       characters of {@code [A-Za-z0-9._@:-]}; default {@code line <n>}.
 * </ul>
 *
 * A line that breaks a rule stops the parse with a message naming the file and the line; the key
 * itself is never repeated in a message.
 */
public final class ApiKeyFile {
  private static final String HASH_PREFIX = "sha256:";
  private static final Pattern RAW_KEY = Pattern.compile("[\\x21-\\x7E]{16,512}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@:-]{1,64}");
  private static final Pattern FIELD_SEPARATOR = Pattern.compile("[ \\t]+");

  private ApiKeyFile() {}

  /**
   * Parses the text of a key file.
   *
   * @param source the file's name, for messages
   */
  public static ApiKeys parse(String text, String source) {
    List<ApiKey> keys = new ArrayList<>();
    List<Integer> lineOf = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      ApiKey key = parseLine(line, number, source);
      for (int k = 0; k < keys.size(); k++) {
        if (Arrays.equals(keys.get(k).sha256(), key.sha256())) {
          throw error(source, number, "the same key as line " + lineOf.get(k));
        }
      }
      keys.add(key);
      lineOf.add(number);
    }
    if (keys.isEmpty()) {
      throw new KeyFileException(
          "API key file "
              + source
              + " has no keys: add a line '<key> <role> [<name>]' (role read, write or admin),"
              + " or set metarag.auth.enabled=false");
    }
    return new ApiKeys(keys);
  }

  private static ApiKey parseLine(String line, int number, String source) {
    String[] fields = FIELD_SEPARATOR.split(line);
    if (fields.length < 2 || fields.length > 3) {
      throw error(
          source, number, "expected '<key> <role> [<name>]', found " + fields.length + " field(s)");
    }
    byte[] sha256 = keyDigest(fields[0], number, source);
    Role role =
        Role.parse(fields[1])
            .orElseThrow(
                () ->
                    error(
                        source,
                        number,
                        "unknown role '" + printable(fields[1]) + "': use read, write or admin"));
    String name = "line " + number;
    if (fields.length == 3) {
      if (!NAME.matcher(fields[2]).matches()) {
        throw error(
            source, number, "the name must be 1 to 64 characters of letters, digits and ._@:-");
      }
      name = fields[2];
    }
    return new ApiKey(sha256, role, name);
  }

  private static byte[] keyDigest(String field, int number, String source) {
    if (field.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length())) {
      String hex = field.substring(HASH_PREFIX.length());
      if (!HEX_SHA256.matcher(hex).matches()) {
        throw error(
            source,
            number,
            "a hashed key is 'sha256:' followed by exactly 64 hex digits, found "
                + hex.length()
                + " characters");
      }
      return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    }
    if (!RAW_KEY.matcher(field).matches()) {
      throw error(
          source,
          number,
          "a key must be 16 to 512 printable ASCII characters without spaces (this one has "
              + field.length()
              + "), or sha256:<64 hex digits>");
    }
    return ApiKeys.sha256(field);
  }

  /** Role words are not secret, but keep control characters and long junk out of messages. */
  private static String printable(String word) {
    String cut = word.length() > 32 ? word.substring(0, 32) + "..." : word;
    return cut.replaceAll("[^\\x20-\\x7E]", "?");
  }

  private static KeyFileException error(String source, int line, String what) {
    return new KeyFileException("API key file " + source + ", line " + line + ": " + what);
  }
}
