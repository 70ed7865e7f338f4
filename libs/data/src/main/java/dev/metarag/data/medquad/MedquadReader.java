package dev.metarag.data.medquad;

import dev.metarag.data.qa.Answer;
import dev.metarag.data.qa.QaContext;
import dev.metarag.data.qa.QaDataset;
import dev.metarag.data.qa.QaExample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads MedQuAD ({@code medquad/<n>_<Source>/*.xml}), a retrieval set: every question-answer pair
 * becomes a context (the answer passage) and a question whose relevant context is that passage, in
 * the same order, so {@code examples().get(i)} asks about {@code contexts().get(i)}. Pairs without
 * answer text are left out. Answers have no span: the whole passage is the answer.
 *
 * <p>Ids are {@code <folder>/<file>-<pid>}: the files' own question ids repeat across sources and
 * across the split CancerGov files, so they cannot key a corpus. Most files use {@code Document},
 * {@code QAPair}, {@code Question}, {@code Answer}; four NINDS files use {@code doc}, {@code pair},
 * {@code question}, {@code answer}, and both are read. The passages' indentation is tidied: runs of
 * spaces become one, blank lines at most one.
 */
public final class MedquadReader {
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

  private MedquadReader() {}

  public static QaDataset read(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
    DocumentBuilder parser = parser();
    List<QaContext> contexts = new ArrayList<>();
    List<QaExample> examples = new ArrayList<>();
    for (Path file : files) {
      String key = root.relativize(file).toString().replace('\\', '/').replaceFirst("\\.xml$", "");
      try (InputStream in = Files.newInputStream(file)) {
        readDocument(parser.parse(in), key, contexts, examples);
      } catch (SAXException e) {
        throw new IOException("MedQuAD file " + file + " is not valid XML: " + e.getMessage(), e);
      }
    }
    return new QaDataset("medquad", contexts, examples);
  }

  private static void readDocument(
      Document doc, String key, List<QaContext> contexts, List<QaExample> examples) {
    Element root = doc.getDocumentElement();
    String source = firstNonEmpty(root.getAttribute("source"), root.getAttribute("corpus"));
    String url = root.getAttribute("url");
    String focus = tidy(text(root, "Focus", "doctitle-focus"));
    List<Element> pairs = elements(root, "QAPair", "pair");
    for (int i = 0; i < pairs.size(); i++) {
      Element pair = pairs.get(i);
      Element question = first(pair, "Question", "question");
      String answer = tidy(text(pair, "Answer", "answer"));
      if (question == null || answer.isEmpty()) {
        continue;
      }
      String id = key + "-" + firstNonEmpty(pair.getAttribute("pid"), String.valueOf(i + 1));
      contexts.add(
          new QaContext(
              id,
              focus,
              answer,
              Map.of(
                  "source", source,
                  "focus", focus,
                  "qtype", question.getAttribute("qtype"),
                  "url", url)));
      examples.add(
          new QaExample(
              id, tidy(question.getTextContent()), List.of(Answer.withoutSpan(answer)), id));
    }
  }

  /** Strips each line and collapses the source's indentation and runs of blank lines. */
  static String tidy(String s) {
    String lines = SPACES.matcher(s.replace("\r\n", "\n")).replaceAll(" ");
    lines = lines.lines().map(String::strip).collect(Collectors.joining("\n"));
    return BLANK_LINES.matcher(lines).replaceAll("\n\n").strip();
  }

  /** The elements named by the first of the tag names that has any. */
  private static List<Element> elements(Element parent, String... tags) {
    for (String tag : tags) {
      NodeList nodes = parent.getElementsByTagName(tag);
      if (nodes.getLength() > 0) {
        List<Element> out = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
          out.add((Element) nodes.item(i));
        }
        return out;
      }
    }
    return List.of();
  }

  private static Element first(Element parent, String... tags) {
    List<Element> found = elements(parent, tags);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element parent, String... tags) {
    Element e = first(parent, tags);
    return e == null ? "" : e.getTextContent();
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  /** A parser that never resolves external entities or DTDs (the files come from outside). */
  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder builder = f.newDocumentBuilder();
      // Errors surface as the exception naming the file, not as lines printed to stderr.
      builder.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
              throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              throw e;
            }
          });
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }
}
