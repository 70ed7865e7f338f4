package dev.metarag.data.squad;

/**
 * A gold answer whose {@code answer_start} does not point at its text. The answer is still read,
 * without a span, since its text stays a valid gold answer for exact match and F1.
 *
 * @param answerStart the offset given in the file; -1 in CMRC 2018 where annotators wrote an answer
 *     that is not in the paragraph
 */
public record AnswerMismatch(String questionId, String contextId, String text, int answerStart) {}
