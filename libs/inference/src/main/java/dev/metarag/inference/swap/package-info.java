/** Replacing models while they serve: reference-counted leases and atomic swaps. */
package dev.metarag.inference.swap;
