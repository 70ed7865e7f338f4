/**
 * generator-service: grounded answers with citations from a domain's passages, read by the domain's
 * active model on ONNX Runtime, which is swapped live when the registry's active version changes.
 */
package dev.metarag.generator;
