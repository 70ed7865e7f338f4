package dev.metarag.training.supervised;

import dev.metarag.training.rag.RagExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Cuts examples into batches. A packed reader pass pads every pair of a batch to the longest, so
 * batches of similar lengths waste little on padding: {@link #similarLengths} sorts each window of
 * {@value #WINDOW_BATCHES} batches by length before cutting it, then shuffles the batches, so that
 * the order of steps stays random while each batch is uniform.
 */
public final class LengthBatches {
  /** Batches per sorted window: wide enough to find neighbours, narrow enough to stay random. */
  static final int WINDOW_BATCHES = 50;

  private LengthBatches() {}

  /** Consecutive batches in the given order. */
  public static List<List<RagExample>> inOrder(List<RagExample> examples, int batchSize) {
    List<List<RagExample>> batches = new ArrayList<>();
    for (int from = 0; from < examples.size(); from += batchSize) {
      batches.add(List.copyOf(examples.subList(from, Math.min(examples.size(), from + batchSize))));
    }
    return batches;
  }

  /**
   * Batches of examples of similar length, in a random order; every example in exactly one batch.
   * The same examples, length function and seed always give the same batches.
   *
   * @param length the tokens an example's reader pass needs (its longest pair)
   */
  public static List<List<RagExample>> similarLengths(
      List<RagExample> examples, int batchSize, ToIntFunction<RagExample> length, long seed) {
    Random random = new Random(seed);
    List<RagExample> order = new ArrayList<>(examples);
    Collections.shuffle(order, random);
    Map<RagExample, Integer> lengths = new IdentityHashMap<>();
    order.forEach(e -> lengths.put(e, length.applyAsInt(e)));
    List<List<RagExample>> batches = new ArrayList<>();
    int window = WINDOW_BATCHES * batchSize;
    for (int from = 0; from < order.size(); from += window) {
      List<RagExample> part =
          new ArrayList<>(order.subList(from, Math.min(order.size(), from + window)));
      part.sort(Comparator.comparingInt(lengths::get));
      batches.addAll(inOrder(part, batchSize));
    }
    Collections.shuffle(batches, random);
    return batches;
  }
}
