/**
 * Job spec validation: every field checked against its documented range, defaults filled in, and
 * the first bad field named in the INVALID_ARGUMENT message.
 */
package dev.metarag.trainer.spec;
