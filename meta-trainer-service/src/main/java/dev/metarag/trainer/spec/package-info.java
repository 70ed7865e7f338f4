/**
 * Job spec validation: every field checked against its documented range, defaults filled in, and
 * the first bad field named in the INVALID_ARGUMENT message. The KUBERNETES options are completed
 * with the trainer's service-wide defaults ({@link dev.metarag.trainer.spec.KubernetesDefaults},
 * checked at start-up with the same rules, {@link dev.metarag.trainer.spec.KubernetesSyntax}), so
 * that the stored spec says exactly what the worker Job used.
 */
package dev.metarag.trainer.spec;
