/**
 * Labelled examples of an adaptation request, given inline or as a data set, validated field by
 * field, with the checksums the version's lineage records.
 */
package dev.metarag.adapter.examples;
