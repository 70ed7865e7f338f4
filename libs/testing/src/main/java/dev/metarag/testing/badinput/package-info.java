/**
 * Table-driven bad-input suites over every RPC of a service: {@link
 * dev.metarag.testing.badinput.RequestMutations} derives bad requests from a good one field by
 * field through the protobuf descriptors (missing, huge, path-like and NUL strings, negative and
 * extreme numbers, NaN, enum numbers the contract does not define, huge lists and maps), and {@link
 * dev.metarag.testing.badinput.BadInputSuite} runs them with hand-written stream cases, failing on
 * INTERNAL, UNKNOWN, a deadline, an error without a message, or an RPC with no case.
 */
package dev.metarag.testing.badinput;
