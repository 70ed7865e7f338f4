/**
 * The model registry as the trainer uses it: the version a job starts from is looked up at StartJob
 * and copied into the job directory ({@link dev.metarag.trainer.registry.BaseVersions}); a finished
 * job's theta0 package is given the next {@code theta0-<n>} version reserved in the shared {@link
 * dev.metarag.registry.VersionRegistry}, its manifest gains the registration (with the lineage,
 * final metrics and description), and it is renamed into the registry directory in one step.
 * Meta-training jobs that name no base model start from the newest general version ({@link
 * dev.metarag.trainer.registry.DefaultBaseModel}). A general-reader job's package becomes the next
 * {@code general-<n>} the same way.
 */
package dev.metarag.trainer.registry;
