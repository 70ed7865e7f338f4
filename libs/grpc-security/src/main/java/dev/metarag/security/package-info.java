/**
 * Securing the services' gRPC: {@link dev.metarag.security.auth} checks API keys on the server
 * side, {@link dev.metarag.security.client} opens the channels the services call each other on. TLS
 * on the server side is Quarkus' own HTTP TLS (gRPC shares the HTTP server); see the README's
 * Security section.
 */
package dev.metarag.security;
