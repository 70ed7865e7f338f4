/**
 * The model registry as the trainer writes it: a finished job's theta0 package is given the next
 * {@code theta0-<n>} version reserved in the shared {@link dev.metarag.registry.VersionRegistry},
 * its manifest gains the registration (with the lineage, final metrics and description), and it is
 * renamed into the registry directory in one step. The registry also gives meta-training jobs that
 * name no base model their default: the newest general version ({@link
 * dev.metarag.trainer.registry.DefaultBaseModel}).
 */
package dev.metarag.trainer.registry;
