/**
 * The model registry as the trainer writes it: a finished job's theta0 package is given the next
 * {@code theta0-<n>} version, its manifest gains the lineage, and it is renamed into the registry
 * directory in one step.
 */
package dev.metarag.trainer.registry;
