/** Native memory of the training engine: giving what libtorch freed back to the system. */
package dev.metarag.training.memory;
