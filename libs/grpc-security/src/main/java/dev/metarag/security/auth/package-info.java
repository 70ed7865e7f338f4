/**
 * Optional API-key authentication and role checks for every gRPC call, off by default ({@code
 * metarag.auth.enabled}).
 *
 * <ul>
 *   <li>{@link dev.metarag.security.auth.ApiKeyFile} reads the key file: a line per key with its
 *       role, the key itself or its SHA-256.
 *   <li>{@link dev.metarag.security.auth.MethodRoles} is the one table of which role each RPC
 *       needs; health and reflection stay open.
 *   <li>{@link dev.metarag.security.auth.ApiKeyInterceptor} is the global server interceptor that
 *       applies both, reloading the file when it changes ({@link
 *       dev.metarag.security.auth.KeyFileWatcher}).
 * </ul>
 */
package dev.metarag.security.auth;
