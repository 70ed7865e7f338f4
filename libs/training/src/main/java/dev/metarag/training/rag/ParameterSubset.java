package dev.metarag.training.rag;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which parameters a training step updates: everything, the top N transformer layers of both
 * encoders plus the heads, or the heads only (ANIL's inner loop).
 */
public record ParameterSubset(Kind kind, int topLayers) {
  private static final Pattern LAYER =
      Pattern.compile("^(query|reader)\\.encoder\\.layer\\.(\\d+)\\.");

  public enum Kind {
    ALL,
    TOP_LAYERS,
    HEADS_ONLY
  }

  public static final ParameterSubset ALL = new ParameterSubset(Kind.ALL, 0);
  public static final ParameterSubset HEADS_ONLY = new ParameterSubset(Kind.HEADS_ONLY, 0);

  public static ParameterSubset topLayers(int n) {
    return new ParameterSubset(Kind.TOP_LAYERS, n);
  }

  /** Whether a parameter of a model with {@code layers} layers is trained. */
  public Predicate<String> selects(int layers) {
    return name ->
        switch (kind) {
          case ALL -> true;
          case HEADS_ONLY -> name.startsWith(RagParameters.HEAD_PREFIX);
          case TOP_LAYERS -> {
            if (name.startsWith(RagParameters.HEAD_PREFIX)) {
              yield true;
            }
            Matcher m = LAYER.matcher(name);
            yield m.find() && Integer.parseInt(m.group(2)) >= layers - topLayers;
          }
        };
  }
}
