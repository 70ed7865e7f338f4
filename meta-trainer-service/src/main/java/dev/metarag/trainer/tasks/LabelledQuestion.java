package dev.metarag.trainer.tasks;

import java.util.List;

/**
 * A question with its acceptable answers, as read from a domain's data set.
 *
 * @param question the question
 * @param answers acceptable answer texts (at least one)
 */
public record LabelledQuestion(String question, List<String> answers) {}
