package dev.metarag.retriever.grpc;

import dev.metarag.inference.encoder.EncoderDescriptor;
import dev.metarag.proto.v1.ChannelScore;
import dev.metarag.proto.v1.ChunkingSpec;
import dev.metarag.proto.v1.CollectionBackend;
import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.EncoderInfo;
import dev.metarag.proto.v1.LexicalAnalyzer;
import dev.metarag.proto.v1.RetrievedPassage;
import dev.metarag.retriever.collection.CollectionStats;
import dev.metarag.retriever.collection.LexicalAnalyzerKind;
import dev.metarag.retriever.index.StoredPassage;
import dev.metarag.retriever.search.ChannelHit;
import dev.metarag.retriever.search.SearchHit;

/** Converts between the domain records and the protobuf messages. */
final class ProtoMapper {
  private ProtoMapper() {}

  static CollectionInfo collectionInfo(CollectionStats s) {
    return CollectionInfo.newBuilder()
        .setName(s.settings().name())
        .setDescription(s.settings().description())
        .setChunking(
            ChunkingSpec.newBuilder()
                .setWindowTokens(s.settings().windowTokens())
                .setStrideTokens(s.settings().strideTokens()))
        .setLexicalAnalyzer(analyzer(s.settings().analyzer()))
        .setDocumentEncoder(encoderInfo(s.documentEncoder()))
        .setQueryEncoder(encoderInfo(s.queryEncoder()))
        .setDocumentCount(s.documents())
        .setPassageCount(s.passages())
        .setBytesOnDisk(s.bytesOnDisk())
        .setCreatedAtMillis(s.settings().createdAtMillis())
        .setBackend(backend(s.settings().backend()))
        .build();
  }

  static EncoderInfo encoderInfo(EncoderDescriptor d) {
    return EncoderInfo.newBuilder()
        .setName(d.name())
        .setVersion(d.version())
        .setDimension(d.dimension())
        .setSource(d.source())
        .build();
  }

  static CollectionBackend backend(dev.metarag.retriever.collection.CollectionBackend backend) {
    return switch (backend) {
      case EMBEDDED -> CollectionBackend.COLLECTION_BACKEND_EMBEDDED;
      case SOLRCLOUD -> CollectionBackend.COLLECTION_BACKEND_SOLRCLOUD;
    };
  }

  static LexicalAnalyzer analyzer(LexicalAnalyzerKind kind) {
    return switch (kind) {
      case ENGLISH -> LexicalAnalyzer.LEXICAL_ANALYZER_ENGLISH;
      case STANDARD -> LexicalAnalyzer.LEXICAL_ANALYZER_STANDARD;
      case CJK -> LexicalAnalyzer.LEXICAL_ANALYZER_CJK;
    };
  }

  static RetrievedPassage passage(SearchHit hit) {
    StoredPassage p = hit.passage();
    RetrievedPassage.Builder out = RetrievedPassage.newBuilder();
    if (hit.embedding() != null) {
      for (float x : hit.embedding()) {
        out.addEmbedding(x);
      }
    }
    return out.setDocumentId(p.documentId())
        .setPassageId(p.passageId())
        .setPassageIndex(p.passageIndex())
        .setTitle(p.title())
        .setText(p.text())
        .setStartChar(p.start())
        .setEndChar(p.end())
        .setScore(hit.score())
        .setBm25(channel(hit.bm25()))
        .setDense(channel(hit.dense()))
        .putAllMetadata(p.metadata())
        .build();
  }

  private static ChannelScore channel(ChannelHit h) {
    if (h == null) {
      return ChannelScore.getDefaultInstance();
    }
    return ChannelScore.newBuilder().setMatched(true).setScore(h.score()).setRank(h.rank()).build();
  }
}
