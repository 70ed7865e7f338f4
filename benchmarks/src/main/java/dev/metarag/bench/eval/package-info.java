/** The retrieval evaluation command: a data set into a collection over gRPC, metrics per mode. */
package dev.metarag.bench.eval;
