/** Tests of the INTERNAL status every service gives for its own failures. */
package dev.metarag.security.errors;
