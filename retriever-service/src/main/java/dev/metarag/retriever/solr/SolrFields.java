package dev.metarag.retriever.solr;

import dev.metarag.retriever.index.PassageRecord;
import dev.metarag.retriever.index.PassageSchema;
import dev.metarag.retriever.index.StoredPassage;
import dev.metarag.retriever.store.DocumentPassages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * How documents and passages map to Solr documents (the field names are those of the configset's
 * schema). As in the embedded index, each source document has a header record of kind {@code
 * document} (its passage count: what an upsert must overwrite or delete) and one record per
 * passage, whose id is the passage id {@code <document id>#<index>}.
 */
final class SolrFields {
  static final String ID = "id";
  static final String KIND = "kind";
  static final String VECTOR = PassageSchema.VECTOR;
  static final String SCORE = "score";

  /** Stored fields a hit needs, without the vector. */
  static final String PASSAGE_FIELDS =
      String.join(
          ",",
          ID,
          PassageSchema.DOC_ID,
          PassageSchema.PASSAGE_INDEX,
          PassageSchema.TITLE,
          PassageSchema.TEXT,
          PassageSchema.START,
          PassageSchema.END,
          PassageSchema.METADATA_JSON,
          SCORE);

  private SolrFields() {}

  /** The header's id; passage ids end in digits, so they never collide with it. */
  static String headerId(String documentId) {
    return documentId + "#document";
  }

  static SolrInputDocument header(DocumentPassages d) {
    SolrInputDocument header = new SolrInputDocument();
    header.addField(ID, headerId(d.documentId()));
    header.addField(PassageSchema.DOC_ID, d.documentId());
    header.addField(KIND, PassageSchema.KIND_DOCUMENT);
    header.addField(PassageSchema.PASSAGE_COUNT, d.passages().size());
    return header;
  }

  static SolrInputDocument passage(PassageRecord p) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.addField(ID, p.passageId());
    doc.addField(PassageSchema.DOC_ID, p.documentId());
    doc.addField(KIND, PassageSchema.KIND_PASSAGE);
    doc.addField(PassageSchema.PASSAGE_INDEX, p.passageIndex());
    doc.addField(PassageSchema.TITLE, p.title());
    doc.addField(PassageSchema.TEXT, p.text());
    doc.addField(PassageSchema.START, p.start());
    doc.addField(PassageSchema.END, p.end());
    doc.addField(PassageSchema.METADATA_JSON, PassageSchema.toJson(p.metadata()));
    List<Float> vector = new ArrayList<>(p.vector().length);
    for (float x : p.vector()) {
      vector.add(x);
    }
    doc.addField(VECTOR, vector);
    p.metadata().forEach((k, v) -> doc.addField(PassageSchema.metadataField(k), v));
    return doc;
  }

  static StoredPassage storedPassage(SolrDocument d) {
    return new StoredPassage(
        (String) d.getFirstValue(PassageSchema.DOC_ID),
        intValue(d, PassageSchema.PASSAGE_INDEX),
        stringValue(d, PassageSchema.TITLE),
        stringValue(d, PassageSchema.TEXT),
        intValue(d, PassageSchema.START),
        intValue(d, PassageSchema.END),
        PassageSchema.fromJson((String) d.getFirstValue(PassageSchema.METADATA_JSON)));
  }

  /** The stored vector of a passage, or an empty array when Solr returned none. */
  static float[] vector(SolrDocument d) {
    Collection<Object> values = d.getFieldValues(VECTOR);
    if (values == null) {
      return new float[0];
    }
    float[] v = new float[values.size()];
    int i = 0;
    for (Object x : values) {
      v[i++] = ((Number) x).floatValue();
    }
    return v;
  }

  static int intValue(SolrDocument d, String field) {
    return ((Number) d.getFirstValue(field)).intValue();
  }

  private static String stringValue(SolrDocument d, String field) {
    Object v = d.getFirstValue(field);
    return v == null ? "" : v.toString();
  }
}
