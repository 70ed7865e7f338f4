/**
 * Calls any RPC of a service through its method descriptor, whatever its kind (unary or streaming),
 * and reports the status it ended with: what table-driven tests over every RPC need.
 */
package dev.metarag.testing.rpc;
