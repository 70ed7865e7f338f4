package dev.metarag.generator.answer;

import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.AnswerStats;

/**
 * One answer in full.
 *
 * @param response with passages and timings, as Answer returns it
 * @param stats the closing event of AnswerStream
 */
public record AnswerOutcome(AnswerResponse response, AnswerStats stats) {}
