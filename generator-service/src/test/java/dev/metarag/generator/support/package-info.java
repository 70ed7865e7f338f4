/**
 * Test support: gRPC clients of the generator under test and of its retriever, the fixture
 * documents, model packages written into the registry without DJL, and status assertions.
 */
package dev.metarag.generator.support;
