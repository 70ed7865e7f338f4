package dev.metarag.trainer.spec;

import dev.metarag.proto.v1.ParameterSubset;
import dev.metarag.proto.v1.ParameterSubsetKind;

/** Validation and ordering of parameter subsets: HEADS_ONLY, then TOP_LAYERS by n, then ALL. */
public final class ParameterSubsets {
  static final int MODEL_LAYERS = 6;

  private ParameterSubsets() {}

  static ParameterSubset validate(String field, ParameterSubset subset) {
    switch (subset.getKind()) {
      case PARAMETER_SUBSET_KIND_TOP_LAYERS ->
          Check.that(
              subset.getTopLayers() >= 1 && subset.getTopLayers() <= MODEL_LAYERS,
              field + ".top_layers",
              "must be between 1 and "
                  + MODEL_LAYERS
                  + " with TOP_LAYERS, got "
                  + subset.getTopLayers());
      case PARAMETER_SUBSET_KIND_ALL, PARAMETER_SUBSET_KIND_HEADS_ONLY ->
          Check.that(
              subset.getTopLayers() == 0,
              field + ".top_layers",
              "must be 0 unless kind is TOP_LAYERS, got " + subset.getTopLayers());
      default ->
          throw new InvalidSpecException(field + ".kind", "unknown kind " + subset.getKind());
    }
    return subset;
  }

  /** Whether every parameter of {@code inner} is also in {@code outer}. */
  static boolean within(ParameterSubset inner, ParameterSubset outer) {
    return size(inner) <= size(outer);
  }

  /** A rank consistent with inclusion: heads, then more and more top layers, then everything. */
  private static int size(ParameterSubset s) {
    return switch (s.getKind()) {
      case PARAMETER_SUBSET_KIND_HEADS_ONLY -> 0;
      case PARAMETER_SUBSET_KIND_TOP_LAYERS -> s.getTopLayers();
      default -> MODEL_LAYERS + 1;
    };
  }

  static ParameterSubset of(ParameterSubsetKind kind) {
    return ParameterSubset.newBuilder().setKind(kind).build();
  }

  /** The worker's notation: ALL, HEADS_ONLY or TOP_LAYERS:n. */
  public static String notation(ParameterSubset s) {
    return switch (s.getKind()) {
      case PARAMETER_SUBSET_KIND_HEADS_ONLY -> "HEADS_ONLY";
      case PARAMETER_SUBSET_KIND_TOP_LAYERS -> "TOP_LAYERS:" + s.getTopLayers();
      default -> "ALL";
    };
  }
}
