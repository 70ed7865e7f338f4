/**
 * Support for tests and benchmarks that run services as real processes: a packaged Quarkus service
 * started as a child JVM on a free port and awaited until its gRPC health check says SERVING.
 */
package dev.metarag.testing;
