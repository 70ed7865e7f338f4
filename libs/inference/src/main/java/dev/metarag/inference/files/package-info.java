/**
 * File-system helpers shared by everything that writes directories of durable files: model
 * packages, collections, checkpoints.
 */
package dev.metarag.inference.files;
