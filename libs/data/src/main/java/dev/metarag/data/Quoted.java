package dev.metarag.data;

/**
 * A caller's value as an error message quotes it: in single quotes, cut after {@link #MAX_CHARS}
 * characters with its length said, so that a message never carries a huge request field back.
 */
public final class Quoted {
  public static final int MAX_CHARS = 80;

  private Quoted() {}

  /** {@code 'value'}, or {@code 'first 80 characters...' (N characters)}. */
  public static String of(String value) {
    if (value.length() <= MAX_CHARS) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, MAX_CHARS) + "...' (" + value.length() + " characters)";
  }
}
