/**
 * How every service answers a failure that is its own fault: INTERNAL with a reference to the
 * logged details, never the exception's text (which can name server files or quote their content).
 */
package dev.metarag.security.errors;
