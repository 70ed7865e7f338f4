package dev.metarag.training.meta;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which parameters each loop touches, in the parameter map's order (a fixed order keeps every sum
 * over parameters, and so every result, reproducible).
 *
 * @param adapted moved by the inner loop
 * @param trained updated by the outer loop: the keys of a meta-gradient
 * @param differentiated adapted or trained: the coordinates a meta-gradient computation needs
 *     gradients for (trained ones for the result, adapted ones to carry the chain rule through the
 *     inner loop)
 */
record ParameterRoles(List<String> adapted, List<String> trained, List<String> differentiated) {
  static ParameterRoles of(
      Collection<String> names, Predicate<String> innerTrainable, Predicate<String> trainable) {
    return new ParameterRoles(
        names.stream().filter(innerTrainable).toList(),
        names.stream().filter(trainable).toList(),
        names.stream().filter(innerTrainable.or(trainable)).toList());
  }
}
