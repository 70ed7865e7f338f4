/**
 * The one way the services open channels to each other (generator, adapter and meta-trainer to the
 * retriever): {@link dev.metarag.security.client.ServiceChannels} from the configuration under
 * {@code metarag.client}, or {@link dev.metarag.security.client.Channels} from a {@link
 * dev.metarag.security.client.ClientSecurity} for tests and tools. TLS with a CA file or the JVM's
 * trust store, and the caller's own API key on every call.
 */
package dev.metarag.security.client;
