/** The Adapter gRPC API: request validation, status mapping, and the service itself. */
package dev.metarag.adapter.grpc;
