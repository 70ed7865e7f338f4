/** Export of trained models: ONNX files from trained weights, and atomic model package writing. */
package dev.metarag.training.export;
