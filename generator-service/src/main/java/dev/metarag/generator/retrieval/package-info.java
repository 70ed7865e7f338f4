/**
 * The retriever as the generator uses it: retrieval with deadlines and bounded retries, and a short
 * cache of which encoder embeds each domain's queries.
 */
package dev.metarag.generator.retrieval;
