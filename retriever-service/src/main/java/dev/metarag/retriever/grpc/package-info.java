/**
 * The gRPC face of the retriever: request validation, mapping to and from protobuf, status codes,
 * the ingest stream and metrics.
 */
package dev.metarag.retriever.grpc;
