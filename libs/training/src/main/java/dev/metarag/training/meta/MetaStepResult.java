package dev.metarag.training.meta;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one meta-step saw.
 *
 * @param step the number of meta-steps completed, this one included (1 after the first step)
 * @param supportLoss mean over the tasks of the support loss at theta, before adaptation
 * @param queryLoss mean over the tasks of the query loss at the adapted parameters (JOINT: at
 *     theta, as it does not adapt)
 * @param queryLossByDomain {@code queryLoss} averaged per task domain, in first-seen order
 */
public record MetaStepResult(
    int step, float supportLoss, float queryLoss, Map<String, Float> queryLossByDomain) {
  public MetaStepResult {
    queryLossByDomain = Collections.unmodifiableMap(new LinkedHashMap<>(queryLossByDomain));
  }
}
