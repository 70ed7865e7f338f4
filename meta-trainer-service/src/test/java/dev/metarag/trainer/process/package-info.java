/** Tests of the packaged meta-trainer-service as a real process: crashes and restarts. */
package dev.metarag.trainer.process;
