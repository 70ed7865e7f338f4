/** Test support: a gRPC client of the adapter under test and labelled examples from fixtures. */
package dev.metarag.adapter.support;
