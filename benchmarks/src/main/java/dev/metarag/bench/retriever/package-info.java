/** The retriever benchmark: ingest rate, latency per mode over gRPC and in-process, throughput. */
package dev.metarag.bench.retriever;
