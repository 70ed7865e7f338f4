package dev.metarag.data.beir;

import java.util.Map;

/** One document of a retrieval corpus. */
public record CorpusDocument(String id, String title, String text, Map<String, String> metadata) {}
