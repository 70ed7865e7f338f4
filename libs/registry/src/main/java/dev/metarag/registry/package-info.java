/**
 * The model registry shared by the services: model packages by version, each domain's versions, its
 * active version and promotion history.
 */
package dev.metarag.registry;
