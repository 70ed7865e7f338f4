package dev.metarag.testing.rpc;

/** How the client ends a call after sending its messages. */
public enum StreamEnd {
  /** Half-closes and reads every response: the normal end. */
  HALF_CLOSE,
  /** Cancels without half-closing: a client stream that ends early. */
  CANCEL_AFTER_SENDING,
  /** Half-closes, then cancels after the first response: a reader that stops listening. */
  CANCEL_AFTER_FIRST_RESPONSE
}
