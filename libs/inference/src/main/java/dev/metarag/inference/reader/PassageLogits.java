package dev.metarag.inference.reader;

/**
 * What the reader says about one passage.
 *
 * @param start start logit of each position of the encoded pair
 * @param end end logit of each position
 * @param relevance the passage's relevance logit (read at [CLS])
 * @param firstPassagePosition first position holding a passage token
 * @param passageTokenCount passage tokens kept in the encoding
 */
public record PassageLogits(
    float[] start, float[] end, float relevance, int firstPassagePosition, int passageTokenCount) {}
