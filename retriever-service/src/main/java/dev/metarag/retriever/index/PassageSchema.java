package dev.metarag.retriever.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How documents and passages map to Lucene documents.
 *
 * <p>A source document becomes one block: a record of kind {@code document} (for counting and
 * replace detection) followed by one record of kind {@code passage} per passage. All records of a
 * block share the {@code doc_id} term, so an upsert replaces the whole block atomically.
 */
public final class PassageSchema {
  public static final String DOC_ID = "doc_id";
  public static final String KIND = "kind";
  public static final String KIND_DOCUMENT = "document";
  public static final String KIND_PASSAGE = "passage";
  public static final String PASSAGE_INDEX = "passage_index";
  public static final String TITLE = "title";
  public static final String TEXT = "text";
  public static final String START = "start";
  public static final String END = "end";
  public static final String VECTOR = "vector";
  public static final String METADATA_JSON = "metadata";
  public static final String PASSAGE_COUNT = "passage_count";

  /** Prefix of the indexed, exact-match metadata fields used by filters. */
  public static final String METADATA_PREFIX = "m.";

  /** Vectors are unit length, where the dot product is the cosine and cheaper to compute. */
  public static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  private static final ObjectMapper JSON = new ObjectMapper();

  private PassageSchema() {}

  public static String passageId(String documentId, int passageIndex) {
    return documentId + "#" + passageIndex;
  }

  public static String metadataField(String key) {
    return METADATA_PREFIX + key;
  }

  /** The Lucene block for one source document and its passages. */
  public static List<Iterable<IndexableField>> block(
      String documentId, Map<String, String> metadata, List<PassageRecord> passages) {
    List<Iterable<IndexableField>> block = new ArrayList<>(passages.size() + 1);
    Document header = new Document();
    header.add(new StringField(DOC_ID, documentId, Field.Store.YES));
    header.add(new StringField(KIND, KIND_DOCUMENT, Field.Store.NO));
    header.add(new StoredField(PASSAGE_COUNT, passages.size()));
    block.add(header);
    String metadataJson = toJson(metadata);
    for (PassageRecord p : passages) {
      Document doc = new Document();
      doc.add(new StringField(DOC_ID, documentId, Field.Store.YES));
      doc.add(new StringField(KIND, KIND_PASSAGE, Field.Store.NO));
      doc.add(new StoredField(PASSAGE_INDEX, p.passageIndex()));
      doc.add(new TextField(TITLE, p.title(), Field.Store.YES));
      doc.add(new TextField(TEXT, p.text(), Field.Store.YES));
      doc.add(new StoredField(START, p.start()));
      doc.add(new StoredField(END, p.end()));
      doc.add(new KnnFloatVectorField(VECTOR, p.vector(), SIMILARITY));
      doc.add(new StoredField(METADATA_JSON, metadataJson));
      metadata.forEach((k, v) -> doc.add(new StringField(metadataField(k), v, Field.Store.NO)));
      block.add(doc);
    }
    return block;
  }

  /** Turns Lucene's DOT_PRODUCT score, (1 + cos) / 2, back into the cosine. */
  public static float cosineFromScore(float score) {
    return 2 * score - 1;
  }

  public static String toJson(Map<String, String> metadata) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(metadata));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, String> fromJson(String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt stored metadata: " + e.getMessage(), e);
    }
  }
}
