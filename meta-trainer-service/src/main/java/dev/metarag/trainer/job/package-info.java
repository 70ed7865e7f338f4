/**
 * Jobs as records that survive restarts, their state machine, and the supervisor that follows a
 * worker's progress log and turns it into job state, checkpoints, results and watch events.
 */
package dev.metarag.trainer.job;
