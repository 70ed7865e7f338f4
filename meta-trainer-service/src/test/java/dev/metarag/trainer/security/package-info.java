/** The meta-trainer with TLS and API keys switched on. */
package dev.metarag.trainer.security;
