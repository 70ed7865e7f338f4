package dev.metarag.adapter.model;

import dev.metarag.training.rag.ParameterSubset;
import java.util.Locale;

/**
 * Parameter subsets as lineage hyperparameters spell them: the proto kind name with an optional
 * ":n" for TOP_LAYERS, for example "PARAMETER_SUBSET_KIND_TOP_LAYERS:2".
 */
public final class ParameterSubsets {
  private static final String PREFIX = "PARAMETER_SUBSET_KIND_";

  private ParameterSubsets() {}

  public static String format(ParameterSubset subset) {
    String kind = PREFIX + subset.kind().name();
    return subset.kind() == ParameterSubset.Kind.TOP_LAYERS
        ? kind + ":" + subset.topLayers()
        : kind;
  }

  /** The subset a hyperparameter names; ALL when it names none this code knows. */
  public static ParameterSubset parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.startsWith(PREFIX)) {
      t = t.substring(PREFIX.length());
    }
    if (t.startsWith("HEADS_ONLY")) {
      return ParameterSubset.HEADS_ONLY;
    }
    if (t.startsWith("TOP_LAYERS:")) {
      try {
        return ParameterSubset.topLayers(Integer.parseInt(t.substring("TOP_LAYERS:".length())));
      } catch (NumberFormatException e) {
        return ParameterSubset.ALL;
      }
    }
    return ParameterSubset.ALL;
  }
}
