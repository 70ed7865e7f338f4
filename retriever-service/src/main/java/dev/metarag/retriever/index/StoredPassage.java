package dev.metarag.retriever.index;

import java.io.IOException;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;

/** A passage read back from the index, without its vector. */
public record StoredPassage(
    String documentId,
    int passageIndex,
    String title,
    String text,
    int start,
    int end,
    Map<String, String> metadata) {

  public String passageId() {
    return PassageSchema.passageId(documentId, passageIndex);
  }

  public static StoredPassage read(StoredFields fields, int luceneDocId) throws IOException {
    Document d = fields.document(luceneDocId);
    return new StoredPassage(
        d.get(PassageSchema.DOC_ID),
        d.getField(PassageSchema.PASSAGE_INDEX).numericValue().intValue(),
        d.get(PassageSchema.TITLE),
        d.get(PassageSchema.TEXT),
        d.getField(PassageSchema.START).numericValue().intValue(),
        d.getField(PassageSchema.END).numericValue().intValue(),
        PassageSchema.fromJson(d.get(PassageSchema.METADATA_JSON)));
  }
}
