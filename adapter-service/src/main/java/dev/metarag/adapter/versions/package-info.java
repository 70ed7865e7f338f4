/**
 * A domain's model versions as the Adapter API shows them: registry entries turned into {@code
 * ModelVersion} messages, and promote, rollback and delete with the retriever's query encoder kept
 * in step.
 */
package dev.metarag.adapter.versions;
