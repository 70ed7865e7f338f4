package dev.metarag.adapter.model;

import ai.djl.ndarray.NDManager;
import dev.metarag.inference.encoder.HiddenStateGraph;
import dev.metarag.training.export.EncoderGraphs;
import dev.metarag.training.export.FrozenEncoderExport;
import dev.metarag.training.export.GraphExport;
import dev.metarag.training.export.RagExport;
import dev.metarag.training.model.RagModelSetup;
import dev.metarag.training.rag.EncoderStates;
import dev.metarag.training.rag.RagParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A loaded model's two encoders as fixed functions, for evaluating it and for adaptations that
 * leave them unchanged (ANIL adapts the heads only). Where the model has ONNX graphs they run on
 * ONNX Runtime, on the very graphs its export builds (so the reader's hidden states come from the
 * int8 encoder that serving runs, and heads adapted on them serve as they were trained); a model
 * without graphs (the tiny test model) runs on DJL. Sessions open at first use, since most
 * adaptations of a model may never need them, and close with the model. The graphs of frozen
 * encoders are likewise built once for all exports.
 */
public final class FrozenEncoders implements AutoCloseable {
  private final LazyGraph query;
  private final LazyGraph reader;
  private final EncoderStates djlQuery;
  private final EncoderStates djlReader;
  private final Map<Kept, GraphExport> exports = new HashMap<>();
  private final Optional<RagExport> exporter;
  private final EncoderGraphs graphs;

  private FrozenEncoders(
      LazyGraph query,
      LazyGraph reader,
      EncoderStates djlQuery,
      EncoderStates djlReader,
      Optional<RagExport> exporter,
      EncoderGraphs graphs) {
    this.query = query;
    this.reader = reader;
    this.djlQuery = djlQuery;
    this.djlReader = djlReader;
    this.exporter = exporter;
    this.graphs = graphs;
  }

  /**
   * The exporter for models that keep this model's frozen encoders; the encoder graphs are built at
   * the first use and reused by the next ones. Empty for a model without ONNX graphs.
   */
  public Optional<GraphExport> export(boolean queryFrozen, boolean readerFrozen) {
    if (exporter.isEmpty() || (!queryFrozen && !readerFrozen)) {
      return exporter.map(GraphExport.class::cast);
    }
    return Optional.of(
        exports.computeIfAbsent(
            new Kept(queryFrozen, readerFrozen),
            key -> new FrozenEncoderExport(exporter.get(), graphs, queryFrozen, readerFrozen)));
  }

  /** Which encoders exported models keep from this one. */
  private record Kept(boolean query, boolean reader) {}

  /**
   * Encoders on ONNX Runtime.
   *
   * @param query opens the query encoder's graph (a package's file, or the pretrained graph)
   * @param exporter the model's exporter; the reader encoder runs on the graph it builds
   * @param params the model's parameters, whose encoders are the frozen ones
   * @param threads ONNX Runtime's threads per run
   */
  public static FrozenEncoders onnx(
      Supplier<HiddenStateGraph> query, RagExport exporter, RagParameters params, int threads) {
    EncoderGraphs graphs = new EncoderGraphs(exporter, params);
    Supplier<HiddenStateGraph> reader =
        () -> {
          try {
            return HiddenStateGraph.open(graphs.readerEncoder().bytes(), threads);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot build the reader encoder's graph", e);
          }
        };
    return new FrozenEncoders(
        new LazyGraph(query), new LazyGraph(reader), null, null, Optional.of(exporter), graphs);
  }

  /** Encoders on DJL, with the model's own (fixed) parameters. */
  public static FrozenEncoders djl(
      RagModelSetup setup, RagParameters params, NDManager manager, Optional<RagExport> exporter) {
    return new FrozenEncoders(
        null,
        null,
        setup.model().queryStates(params, manager),
        setup.model().readerStates(params, manager),
        exporter,
        exporter.map(e -> new EncoderGraphs(e, params)).orElse(null));
  }

  public EncoderStates query() {
    return query != null ? query.get()::run : djlQuery;
  }

  public EncoderStates reader() {
    return reader != null ? reader.get()::run : djlReader;
  }

  @Override
  public void close() {
    if (query != null) {
      query.close();
    }
    if (reader != null) {
      reader.close();
    }
  }

  /** A graph opened at first use. Used by the adaptation thread only. */
  private static final class LazyGraph implements AutoCloseable {
    private final Supplier<HiddenStateGraph> opener;
    private HiddenStateGraph graph;

    LazyGraph(Supplier<HiddenStateGraph> opener) {
      this.opener = opener;
    }

    HiddenStateGraph get() {
      if (graph == null) {
        graph = opener.get();
      }
      return graph;
    }

    @Override
    public void close() {
      if (graph != null) {
        graph.close();
        graph = null;
      }
    }
  }
}
