package dev.metarag.inference.tokenize;

import java.util.List;

/**
 * A text ready for a BERT encoder.
 *
 * @param ids vocabulary ids including [CLS] first and [SEP] last
 * @param tokens the word pieces between them, with their offsets in the original text
 */
public record EncodedText(long[] ids, List<Token> tokens) {

  public int length() {
    return ids.length;
  }
}
