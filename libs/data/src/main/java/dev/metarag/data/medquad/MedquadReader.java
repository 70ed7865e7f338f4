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
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads MedQuAD ({@code medquad/<n>_<Source>/*.xml}), a retrieval set: every question-answer pair
 * becomes a context (the answer passage) and a question whose relevant context is that passage.
 * Pairs without answer text are left out. Answers have no span: the whole passage is the answer.
 */
public final class MedquadReader {
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
      try (InputStream in = Files.newInputStream(file)) {
        readDocument(parser.parse(in), contexts, examples);
      } catch (SAXException e) {
        throw new IOException("MedQuAD file " + file + " is not valid XML: " + e.getMessage(), e);
      }
    }
    return new QaDataset("medquad", contexts, examples);
  }

  private static void readDocument(
      Document doc, List<QaContext> contexts, List<QaExample> examples) {
    Element root = doc.getDocumentElement();
    String source = root.getAttribute("source");
    String focus = text(root, "Focus");
    NodeList pairs = root.getElementsByTagName("QAPair");
    for (int i = 0; i < pairs.getLength(); i++) {
      Element pair = (Element) pairs.item(i);
      Element question = (Element) pair.getElementsByTagName("Question").item(0);
      String answer = text(pair, "Answer").strip();
      if (question == null || answer.isEmpty()) {
        continue;
      }
      String qid = question.getAttribute("qid");
      String contextId = qid.isEmpty() ? root.getAttribute("id") + "-" + i : qid;
      contexts.add(
          new QaContext(
              contextId,
              focus,
              answer,
              Map.of("source", source, "focus", focus, "qtype", question.getAttribute("qtype"))));
      examples.add(
          new QaExample(
              contextId,
              question.getTextContent().strip(),
              List.of(new Answer(answer, Answer.NO_SPAN)),
              contextId));
    }
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
  }

  /** A parser that never resolves external entities or DTDs (the files come from outside). */
  private static DocumentBuilder parser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }
}
