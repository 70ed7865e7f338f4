/**
 * Limits that keep a caller's input from breaking the transport: {@link
 * dev.metarag.security.limits.BoundedStatusMessages} cuts error messages that quote too much.
 */
package dev.metarag.security.limits;
