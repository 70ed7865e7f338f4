package dev.metarag.training.rag;

import java.util.List;

/**
 * A training question with its retrieved candidates and gold answer texts.
 *
 * @param candidates the top-k passages retrieval returned, best first
 * @param answers acceptable answer texts; every occurrence in every candidate counts
 */
public record RagExample(String question, List<Candidate> candidates, List<String> answers) {}
