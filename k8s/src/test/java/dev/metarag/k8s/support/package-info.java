/**
 * Test support for the chart and the kustomize manifests: rendering ({@link
 * dev.metarag.k8s.support.Chart}, {@link dev.metarag.k8s.support.Kustomize}), the rendered objects
 * ({@link dev.metarag.k8s.support.Manifests}), the checks every workload must pass ({@link
 * dev.metarag.k8s.support.WorkloadInvariants}) and the services' settings bound to their real
 * configuration mappings ({@link dev.metarag.k8s.support.ServiceSettings}).
 */
package dev.metarag.k8s.support;
