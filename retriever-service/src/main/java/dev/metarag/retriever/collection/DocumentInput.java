package dev.metarag.retriever.collection;

import java.util.Map;

/** A validated source document to upsert. */
public record DocumentInput(String id, String title, String text, Map<String, String> metadata) {}
