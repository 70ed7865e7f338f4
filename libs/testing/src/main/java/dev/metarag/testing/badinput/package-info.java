/**
 * Table-driven bad-input suites over every RPC of a service: {@link
 * dev.metarag.testing.badinput.RequestMutations} derives bad requests from a good one field by
 * field through the protobuf descriptors (missing, huge, path-like and NUL strings, negative and
 * extreme numbers, NaN, enum numbers the contract does not define, huge lists and maps), and {@link
 * dev.metarag.testing.badinput.BadInputSuite} runs them with hand-written stream cases, failing on
 * INTERNAL, UNKNOWN, a deadline, an error without a message, or an RPC with no case. Fields that
 * take a path get {@link dev.metarag.testing.badinput.PathProbes}: a secret outside the service's
 * roots, reached directly, with ".." and through a link, and a file inside holding it; each must be
 * refused as the case says, naming the setting and never quoting the secret.
 */
package dev.metarag.testing.badinput;
