/** Typed configuration of the retriever service. */
package dev.metarag.retriever.config;
