/** The service's settings ({@code metarag.trainer.*}). */
package dev.metarag.trainer.config;
