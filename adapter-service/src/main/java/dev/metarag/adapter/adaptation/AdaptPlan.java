package dev.metarag.adapter.adaptation;

import dev.metarag.proto.v1.ExampleSource;
import dev.metarag.proto.v1.PromotePolicy;
import dev.metarag.training.rag.ParameterSubset;
import java.util.Optional;

/**
 * A validated Adapt request with its defaults filled in.
 *
 * @param baseVersion the requested base; empty means the registry's default starting point: the
 *     newest theta0, else the newest general version, else "base"
 * @param learningRate empty means the base's meta-learned inner rate
 * @param parameters empty means the base's inner-loop subset
 * @param evaluation empty means the support set itself
 * @param exampleScores whether the evaluations list each example's score
 * @param trial adapt and evaluate only: nothing is exported, registered or promoted
 */
public record AdaptPlan(
    String domain,
    Optional<String> baseVersion,
    ExampleSource support,
    int steps,
    Optional<Float> learningRate,
    Optional<ParameterSubset> parameters,
    Optional<ExampleSource> evaluation,
    PromotePolicy promote,
    double minImprovement,
    int retrievalTopK,
    long seed,
    String description,
    boolean exampleScores,
    boolean trial) {}
