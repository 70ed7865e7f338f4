/**
 * meta-trainer-service: meta-training jobs (MAML family) that produce theta0 initialisations.
 *
 * <p>A job moves through {@code spec} (validation and defaults), {@code tasks} (labelled questions
 * of each source domain with retrieval candidates from the retriever, written into the job
 * directory), {@code executor} (a worker process started locally or as a Kubernetes Job) and {@code
 * job} (the persistent job records, the supervisor that follows a worker's progress, and the state
 * machine). {@code grpc} maps the MetaTrainer contract onto these.
 */
package dev.metarag.trainer;
