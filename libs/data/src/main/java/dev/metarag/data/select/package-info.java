/**
 * Labelled questions selected from a data set that a request names: a named shared data set or a
 * path, an optional format, and a seeded limit. The services map its two failures to gRPC codes.
 */
package dev.metarag.data.select;
