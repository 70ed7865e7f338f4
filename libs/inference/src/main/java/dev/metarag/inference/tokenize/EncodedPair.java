package dev.metarag.inference.tokenize;

import java.util.List;

/**
 * A question and a passage encoded together for a cross-encoder: {@code [CLS] question [SEP]
 * passage [SEP]}.
 *
 * @param ids vocabulary ids
 * @param typeIds 0 for the question segment (with [CLS] and its [SEP]), 1 for the passage segment
 * @param passageTokens the passage's word pieces kept, with offsets into the passage text
 * @param passageStart index in {@code ids} of the first passage token
 */
public record EncodedPair(long[] ids, long[] typeIds, List<Token> passageTokens, int passageStart) {

  public int length() {
    return ids.length;
  }

  /** Position in {@code ids} of the i-th passage token. */
  public int position(int passageTokenIndex) {
    return passageStart + passageTokenIndex;
  }
}
