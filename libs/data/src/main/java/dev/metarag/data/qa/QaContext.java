package dev.metarag.data.qa;

import java.util.Map;

/** A passage or document that questions are asked about. */
public record QaContext(String id, String title, String text, Map<String, String> metadata) {}
