/**
 * Labelled questions a caller sends in a request instead of a data set file, and the one set of
 * rules every service checks them by.
 */
package dev.metarag.data.inline;
