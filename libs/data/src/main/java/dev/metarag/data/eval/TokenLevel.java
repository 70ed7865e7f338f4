package dev.metarag.data.eval;

/** What {@link SquadMetrics} compares answers by. */
public enum TokenLevel {
  /** Words, as the official SQuAD script does: for English and other space-separated languages. */
  WORDS,
  /**
   * Characters, punctuation and white space removed: for Chinese (CMRC 2018, XQuAD zh), where words
   * are not separated by spaces.
   */
  CHARACTERS
}
