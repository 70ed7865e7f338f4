/**
 * The service's settings ({@code metarag.trainer.*}), and {@link
 * dev.metarag.trainer.config.InvalidSettingException}, which stops the service at start-up naming a
 * setting it cannot run with.
 */
package dev.metarag.trainer.config;
