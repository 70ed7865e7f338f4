package dev.metarag.retriever.grpc;

import dev.metarag.proto.v1.Document;
import dev.metarag.retriever.collection.DocumentInput;
import dev.metarag.retriever.error.InvalidRequestException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Checks an ingested document and turns it into a {@link DocumentInput}. */
final class DocumentValidator {
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final int maxDocumentChars;

  DocumentValidator(int maxDocumentChars) {
    this.maxDocumentChars = maxDocumentChars;
  }

  /**
   * @param position 0-based position of the document in its stream, for error messages
   */
  DocumentInput validate(Document d, long position) {
    String id = d.getId();
    validateId(id, "document #" + position);
    String where = "document #" + position + " ('" + abbreviate(id) + "')";
    if (d.getText().isBlank()) {
      throw new InvalidRequestException(where + ": text is empty");
    }
    if (d.getText().length() > maxDocumentChars) {
      throw new InvalidRequestException(
          where
              + ": text is "
              + d.getText().length()
              + " characters; the limit is "
              + maxDocumentChars
              + ": split the document into smaller ones");
    }
    if (d.getTitle().length() > RequestLimits.MAX_TITLE_CHARS) {
      throw new InvalidRequestException(
          where
              + ": title is "
              + d.getTitle().length()
              + " characters; the limit is "
              + RequestLimits.MAX_TITLE_CHARS);
    }
    if (d.getMetadataCount() > RequestLimits.MAX_METADATA_ENTRIES) {
      throw new InvalidRequestException(
          where
              + ": "
              + d.getMetadataCount()
              + " metadata entries; the limit is "
              + RequestLimits.MAX_METADATA_ENTRIES);
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Map.Entry<String, String> e : d.getMetadataMap().entrySet()) {
      validateMetadataKey(e.getKey(), where);
      if (e.getValue().length() > RequestLimits.MAX_METADATA_VALUE_CHARS) {
        throw new InvalidRequestException(
            where
                + ": metadata '"
                + e.getKey()
                + "' is "
                + e.getValue().length()
                + " characters; the limit is "
                + RequestLimits.MAX_METADATA_VALUE_CHARS);
      }
      metadata.put(e.getKey(), e.getValue());
    }
    return new DocumentInput(id, d.getTitle(), d.getText(), metadata);
  }

  static void validateMetadataKey(String key, String where) {
    if (!METADATA_KEY.matcher(key).matches()) {
      throw new InvalidRequestException(
          where
              + ": metadata key '"
              + abbreviate(key)
              + "' is invalid: use 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
    }
  }

  /**
   * Checks a document id, as ingested or named for deletion: ids become index terms, which must
   * stay short (a long one would fail the index's commit, not just this request).
   *
   * @param where the id's place in the request, for the message
   */
  static void validateId(String id, String where) {
    if (id.isEmpty()) {
      throw new InvalidRequestException(where + ": id is required");
    }
    String named = where + " ('" + abbreviate(id) + "')";
    if (id.length() > RequestLimits.MAX_DOCUMENT_ID_CHARS) {
      throw new InvalidRequestException(
          named
              + ": id is "
              + id.length()
              + " characters; the limit is "
              + RequestLimits.MAX_DOCUMENT_ID_CHARS);
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(named + ": id must not contain control characters");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
