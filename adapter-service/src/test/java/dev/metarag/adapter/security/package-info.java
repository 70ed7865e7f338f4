/** The adapter with TLS and API keys switched on. */
package dev.metarag.adapter.security;
