/**
 * The Generator gRPC API: request validation, the mapping of failures onto status codes, and the
 * four RPCs.
 */
package dev.metarag.generator.grpc;
