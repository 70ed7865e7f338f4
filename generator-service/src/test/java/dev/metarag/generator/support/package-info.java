/**
 * Test support: gRPC clients of the generator under test and of its retriever, the fixture
 * documents and model packages written into the registry without DJL.
 */
package dev.metarag.generator.support;
