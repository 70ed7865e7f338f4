package dev.metarag.trainer.tasks;

import java.util.List;

/**
 * A question with its acceptable answers, as read from a domain's data set.
 *
 * @param question the question
 * @param answers acceptable answer texts (at least one)
 * @param goldDocumentId the id of the document (the collection's, as ingested from the same data
 *     set) that holds the answer; "" when the data set does not say
 */
public record LabelledQuestion(String question, List<String> answers, String goldDocumentId) {}
