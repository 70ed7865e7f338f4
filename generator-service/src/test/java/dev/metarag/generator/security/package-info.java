/** The generator with TLS and API keys switched on, and its calls to a secured retriever. */
package dev.metarag.generator.security;
