/** Tests of the LOCAL executor's worker process settings. */
package dev.metarag.trainer.executor.local;
