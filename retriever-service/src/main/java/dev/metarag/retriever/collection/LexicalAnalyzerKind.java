package dev.metarag.retriever.collection;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/** The analyzers a collection's BM25 channel can use. */
public enum LexicalAnalyzerKind {
  ENGLISH,
  STANDARD,
  CJK;

  public Analyzer create() {
    return switch (this) {
      case ENGLISH -> new EnglishAnalyzer();
      case STANDARD -> new StandardAnalyzer();
      case CJK -> new CJKAnalyzer();
    };
  }
}
