package dev.metarag.retriever.collection;

import dev.metarag.retriever.error.InvalidRequestException;
import java.util.regex.Pattern;

/** Collection names double as directory names, so only a safe alphabet is accepted. */
public final class CollectionName {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private CollectionName() {}

  /** Returns the name if valid, otherwise throws with what to fix. */
  public static String validate(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException("collection name is required");
    }
    if (!VALID.matcher(name).matches()) {
      throw new InvalidRequestException(
          "collection name '"
              + abbreviate(name)
              + "' is invalid: use 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a"
              + " letter or digit");
    }
    return name;
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
