/** The service's settings, {@code metarag.generator.*}. */
package dev.metarag.generator.config;
