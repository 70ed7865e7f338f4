/** The retriever with TLS and API keys switched on. */
package dev.metarag.retriever.security;
