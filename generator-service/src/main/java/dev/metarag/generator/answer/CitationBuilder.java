package dev.metarag.generator.answer;

import dev.metarag.proto.v1.Citation;
import dev.metarag.proto.v1.RetrievedPassage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns spans into citations in document coordinates, with the sentence around each span. Passages
 * of one document overlap (the retriever's windows advance by less than their length), so a span
 * that two passages share is cited once, from the first.
 */
final class CitationBuilder {
  private CitationBuilder() {}

  static List<Citation> of(Reading reading, List<RetrievedPassage> passages) {
    List<Citation> out = new ArrayList<>();
    Set<String> cited = new HashSet<>();
    for (SpanHit hit : reading.hits()) {
      RetrievedPassage p = passages.get(hit.passage());
      int documentStart = p.getStartChar() + hit.start();
      int documentEnd = p.getStartChar() + hit.end();
      if (!cited.add(p.getDocumentId() + ":" + documentStart + ":" + documentEnd)) {
        continue;
      }
      Snippet snippet = Snippet.around(p.getText(), hit.start(), hit.end());
      out.add(
          Citation.newBuilder()
              .setDocumentId(p.getDocumentId())
              .setPassageId(p.getPassageId())
              .setStartChar(documentStart)
              .setEndChar(documentEnd)
              .setSnippet(snippet.text())
              .setSnippetStartChar(snippet.spanStart())
              .setSnippetEndChar(snippet.spanEnd())
              .setConfidence((float) hit.confidence())
              .build());
    }
    return out;
  }
}
