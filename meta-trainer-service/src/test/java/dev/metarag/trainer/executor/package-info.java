/** Tests of what every executor gives its workers. */
package dev.metarag.trainer.executor;
