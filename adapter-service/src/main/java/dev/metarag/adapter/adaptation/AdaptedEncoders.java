package dev.metarag.adapter.adaptation;

import dev.metarag.adapter.model.BaseModels;
import dev.metarag.inference.encoder.HiddenStateGraph;
import dev.metarag.training.export.BuiltGraphs;
import dev.metarag.training.rag.EncoderStates;
import dev.metarag.training.rag.RagModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The adapted model's encoders, for its evaluation: an encoder the adaptation left unchanged keeps
 * the base's (already computed) hidden states; a changed one runs on the adapted model's own
 * exported graph, as it will serve. Without graphs (the tiny test model) a changed encoder runs on
 * DJL with the adapted parameters. Closing releases the sessions opened here.
 */
final class AdaptedEncoders implements AutoCloseable {
  private final EncoderStates query;
  private final EncoderStates reader;
  private final List<HiddenStateGraph> opened;

  private AdaptedEncoders(
      EncoderStates query, EncoderStates reader, List<HiddenStateGraph> opened) {
    this.query = query;
    this.reader = reader;
    this.opened = opened;
  }

  static AdaptedEncoders of(
      Optional<BuiltGraphs> graphs,
      boolean queryFrozen,
      boolean readerFrozen,
      EncoderStates baseQuery,
      EncoderStates baseReader) {
    List<HiddenStateGraph> opened = new ArrayList<>();
    EncoderStates query = queryFrozen ? baseQuery : null;
    EncoderStates reader = readerFrozen ? baseReader : null;
    if (graphs.isPresent()) {
      if (query == null) {
        HiddenStateGraph g = HiddenStateGraph.open(graphs.get().queryEncoder(), BaseModels.THREADS);
        opened.add(g);
        query = g::run;
      }
      if (reader == null) {
        // The reader graph's output_0 is its encoder's hidden states, which the heads read.
        HiddenStateGraph g = HiddenStateGraph.open(graphs.get().reader(), BaseModels.THREADS);
        opened.add(g);
        reader = g::run;
      }
    }
    return new AdaptedEncoders(query, reader, opened);
  }

  /** {@code plain} with these encoders; encoders left null run on DJL with each call's weights. */
  RagModel model(RagModel plain) {
    return query == null && reader == null ? plain : plain.withFrozenEncoders(query, reader);
  }

  @Override
  public void close() {
    opened.forEach(HiddenStateGraph::close);
  }
}
