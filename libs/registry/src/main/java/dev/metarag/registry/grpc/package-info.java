/** How services on the model registry answer gRPC calls: one mapping of failures to statuses. */
package dev.metarag.registry.grpc;
