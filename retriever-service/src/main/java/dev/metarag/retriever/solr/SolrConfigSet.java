package dev.metarag.retriever.solr;

import dev.metarag.retriever.collection.LexicalAnalyzerKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;

/**
 * The configset of a passage collection: schema and solrconfig from this jar's {@code
 * solr-configset/}, with the text analysis of the collection's {@link LexicalAnalyzerKind} and the
 * encoder's dimension filled in. Stop words come from the very Lucene analyzers the embedded
 * backend uses, so both backends drop the same words.
 */
final class SolrConfigSet {
  private static final String RESOURCES = "/solr-configset/";
  private static final String STOPWORDS = "stopwords.txt";

  private SolrConfigSet() {}

  /** The configset as a zip, the form Solr's configset upload takes. */
  static byte[] zip(LexicalAnalyzerKind analyzer, int dimension) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "schema.xml",
        resource("schema.xml")
            .replace("@ANALYZER@", analysisChain(analyzer))
            .replace("@DIMENSION@", Integer.toString(dimension)));
    files.put("solrconfig.xml", resource("solrconfig.xml"));
    files.put(STOPWORDS, stopWords(analyzer));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Solr's factories for the chain each Lucene analyzer builds, in the same order. */
  static String analysisChain(LexicalAnalyzerKind analyzer) {
    String stop = "<filter class=\"solr.StopFilterFactory\" words=\"" + STOPWORDS + "\"/>";
    String[] chain =
        switch (analyzer) {
          case ENGLISH ->
              new String[] {
                "<tokenizer class=\"solr.StandardTokenizerFactory\"/>",
                "<filter class=\"solr.EnglishPossessiveFilterFactory\"/>",
                "<filter class=\"solr.LowerCaseFilterFactory\"/>",
                stop,
                "<filter class=\"solr.PorterStemFilterFactory\"/>"
              };
          case STANDARD ->
              new String[] {
                "<tokenizer class=\"solr.StandardTokenizerFactory\"/>",
                "<filter class=\"solr.LowerCaseFilterFactory\"/>",
                stop
              };
          case CJK ->
              new String[] {
                "<tokenizer class=\"solr.StandardTokenizerFactory\"/>",
                "<filter class=\"solr.CJKWidthFilterFactory\"/>",
                "<filter class=\"solr.LowerCaseFilterFactory\"/>",
                "<filter class=\"solr.CJKBigramFilterFactory\"/>",
                stop
              };
        };
    return "      " + String.join("\n      ", chain);
  }

  /** The stop words of the embedded analyzer (none for STANDARD), one per line. */
  static String stopWords(LexicalAnalyzerKind analyzer) {
    CharArraySet set =
        switch (analyzer) {
          case ENGLISH -> EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
          case STANDARD -> CharArraySet.EMPTY_SET;
          case CJK -> CJKAnalyzer.getDefaultStopSet();
        };
    StringBuilder out = new StringBuilder();
    TreeSet<String> sorted = new TreeSet<>();
    for (Object word : set) {
      sorted.add(new String((char[]) word));
    }
    sorted.forEach(w -> out.append(w).append('\n'));
    return out.toString();
  }

  private static String resource(String name) {
    try (InputStream in = SolrConfigSet.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
