package dev.metarag.training.rag;

import ai.djl.ndarray.NDArray;
import dev.metarag.inference.tokenize.EncodedPair;
import java.util.List;

/**
 * One reading of a question's candidates ({@link RagModel#read}).
 *
 * @param pairs each candidate tokenized with the question, in the candidates' order
 * @param headLogits the reader heads' raw output, [k, T, 3]: start, end and relevance logits per
 *     token, padded to the longest pair (as {@link RagModel#headLogits})
 * @param loss the example's RAG loss from the same forward pass; null when no answer occurs in the
 *     candidates
 */
public record RagReading(List<EncodedPair> pairs, NDArray headLogits, NDArray loss) {}
