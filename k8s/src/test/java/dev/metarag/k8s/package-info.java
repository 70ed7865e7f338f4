/**
 * Specifications of the Kubernetes deployment: the Helm chart rendered by Helm with several value
 * sets and read back as Kubernetes objects, the kustomize manifests rendered by kubectl, the
 * services' settings bound to their real configuration mappings, and the images' files.
 */
package dev.metarag.k8s;
