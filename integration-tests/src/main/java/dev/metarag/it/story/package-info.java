/**
 * The story of the suite told over gRPC, one step at a time (ingest, retrieve, meta-train, adapt
 * with evaluation before and after, promote, answer with citations, roll back), each step printed
 * as it happens and returning what the service answered. The demo ({@code ./metarag demo}) and the
 * integration tests drive the same steps; the tests add assertions.
 */
package dev.metarag.it.story;
