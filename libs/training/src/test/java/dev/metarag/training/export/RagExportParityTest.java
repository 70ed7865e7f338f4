package dev.metarag.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.inference.encoder.EncoderLoader;
import dev.metarag.inference.encoder.EncoderOptions;
import dev.metarag.inference.encoder.SentenceEncoder;
import dev.metarag.inference.model.ModelPackage;
import dev.metarag.inference.model.ModelPackageWriter;
import dev.metarag.inference.onnx.OnnxModel;
import dev.metarag.inference.onnx.ReaderWeights;
import dev.metarag.inference.reader.OnnxReader;
import dev.metarag.inference.reader.PassageLogits;
import dev.metarag.inference.reader.ReaderAnswer;
import dev.metarag.inference.reader.ReaderPassage;
import dev.metarag.inference.tokenize.EncodedPair;
import dev.metarag.inference.tokenize.WordPieceTokenizer;
import dev.metarag.training.MiniLm;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.bert.BertParameters;
import dev.metarag.training.bert.MiniLmWeights;
import dev.metarag.training.rag.Candidate;
import dev.metarag.training.rag.ParameterSubset;
import dev.metarag.training.rag.RagExample;
import dev.metarag.training.rag.RagModel;
import dev.metarag.training.rag.RagParameters;
import dev.metarag.training.rag.RagTrainer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real MiniLM-based RAG model after one training step, exported to a package: ONNX Runtime's
 * reader (float32 weights) and query encoder agree with DJL, the int8 reader stays close to it, and
 * answers map back to the right characters.
 */
class RagExportParityTest {
  private static final String DOCUMENT =
      "Lumio X2 review. The battery lasts two days on one charge. The screen is sharp.";
  private static final int PASSAGE_OFFSET = 17; // "The battery lasts ..." starts here

  @Test
  void exportedPackageMatchesDjlAfterATrainingStep(@TempDir Path registry) throws Exception {
    WordPieceTokenizer tokenizer =
        WordPieceTokenizer.fromJson(new ByteArrayInputStream(MiniLm.tokenizerJson()));
    OnnxModel base = OnnxModel.parse(MiniLm.onnxBytes());
    RagModel model = new RagModel(BertConfig.MINILM_L6, tokenizer, 16, 64, 0.05f);
    String passage = DOCUMENT.substring(PASSAGE_OFFSET);
    List<String> passages = List.of(passage, "The kettle boils water in three minutes.");
    String question = "How long does the battery last?";
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        SentenceEncoder pretrained =
            EncoderLoader.builtin(EncoderLoader.BUILTIN_MINILM, EncoderOptions.defaults())) {
      RagParameters params =
          RagParameters.initialize(
              BertParameters.load(MiniLmWeights.from(base), manager), 384, 3, manager);
      float[][] docs = pretrained.embed(passages);
      RagExample example =
          new RagExample(
              question,
              List.of(
                  new Candidate("a#0", "a", passages.get(0), docs[0]),
                  new Candidate("b#0", "b", passages.get(1), docs[1])),
              List.of("two days"));
      new RagTrainer(model, params, ParameterSubset.ALL, 1e-4f, manager).step(List.of(example));

      RagExport export = new RagExport(base, ReaderWeights.FLOAT32);
      ObjectNode manifest =
          new ObjectMapper().createObjectNode().put("name", "test").put("version", "v1");
      manifest
          .putObject("reader")
          .put("max_pair_tokens", 64)
          .put("max_question_tokens", 16)
          .put("temperature", 0.05);
      ModelPackage pkg =
          ModelPackageWriter.write(
              registry.resolve("v1"),
              Map.of(
                  ModelPackage.QUERY_ENCODER, export.queryEncoder(params),
                  ModelPackage.READER, export.reader(params),
                  ModelPackage.TOKENIZER, MiniLm.tokenizerJson()),
              manifest);

      // Reader: head logits of ONNX Runtime and DJL on the same pairs.
      List<EncodedPair> pairs =
          passages.stream().map(p -> tokenizer.encodePair(question, p, 64, 16)).toList();
      try (OnnxReader reader = OnnxReader.open(pkg, 10, 1);
          NDManager scope = manager.newSubManager()) {
        List<PassageLogits> ort = reader.logits(pairs);
        NDArray djl = model.headLogits(params, pairs, scope);
        double max = 0;
        for (int z = 0; z < pairs.size(); z++) {
          for (int t = 0; t < pairs.get(z).length(); t++) {
            max = Math.max(max, Math.abs(ort.get(z).start()[t] - djl.getFloat(z, t, 0)));
            max = Math.max(max, Math.abs(ort.get(z).end()[t] - djl.getFloat(z, t, 1)));
          }
          max = Math.max(max, Math.abs(ort.get(z).relevance() - djl.getFloat(z, 0, 2)));
        }
        assertThat(max).isLessThanOrEqualTo(1e-4);

        // The int8 reader, as exports store it by default: close to DJL, though not equal.
        ModelPackage int8 =
            ModelPackageWriter.write(
                registry.resolve("v1-int8"),
                Map.of(
                    ModelPackage.QUERY_ENCODER, export.queryEncoder(params),
                    ModelPackage.READER, new RagExport(base).reader(params),
                    ModelPackage.TOKENIZER, MiniLm.tokenizerJson()),
                manifest.deepCopy().put("version", "v1-int8"));
        try (OnnxReader quantized = OnnxReader.open(int8, 10, 1)) {
          List<PassageLogits> q = quantized.logits(pairs);
          double maxInt8 = 0;
          for (int z = 0; z < pairs.size(); z++) {
            for (int t = 0; t < pairs.get(z).length(); t++) {
              maxInt8 = Math.max(maxInt8, Math.abs(q.get(z).start()[t] - djl.getFloat(z, t, 0)));
              maxInt8 = Math.max(maxInt8, Math.abs(q.get(z).end()[t] - djl.getFloat(z, t, 1)));
            }
          }
          assertThat(maxInt8).isGreaterThan(1e-4).isLessThan(0.25);
        }

        // Offsets: whatever span is chosen, its document offsets point at its text.
        ReaderAnswer answer =
            reader.read(
                question,
                List.of(
                    new ReaderPassage("doc-a", "doc-a#0", passage, PASSAGE_OFFSET, 0.6f),
                    new ReaderPassage("doc-b", "doc-b#0", passages.get(1), 0, 0.2f)));
        String source = answer.passage().documentId().equals("doc-a") ? DOCUMENT : passages.get(1);
        assertThat(source.substring(answer.documentStart(), answer.documentEnd()))
            .isEqualTo(answer.text());
        assertThat(answer.confidence()).isBetween(0.0, 1.0);
      }

      // Query encoder: ONNX Runtime on the exported graph and DJL on the trained weights.
      try (SentenceEncoder exported =
              EncoderLoader.fromPackage(pkg.directory(), "", EncoderOptions.defaults());
          NDManager scope = manager.newSubManager()) {
        float[] ort = exported.embed(question);
        float[] djl = model.queryEmbeddings(params, List.of(question), scope).get(0).toFloatArray();
        double max = 0;
        for (int d = 0; d < ort.length; d++) {
          max = Math.max(max, Math.abs(ort[d] - djl[d]));
        }
        assertThat(max).isLessThanOrEqualTo(1e-4);
        // The step changed the query encoder.
        float[] before = pretrained.embed(question);
        double moved = 0;
        for (int d = 0; d < ort.length; d++) {
          moved = Math.max(moved, Math.abs(ort[d] - before[d]));
        }
        assertThat(moved).isGreaterThan(1e-6);
      }
    }
  }
}
