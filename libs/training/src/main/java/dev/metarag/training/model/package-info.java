/**
 * Which RAG model a job or an adaptation starts from: its encoder shape, tokenizer, token limits,
 * pretrained weights and initial parameters, shared by the meta-trainer worker, the adapter and the
 * benchmarks so that all of them build the same model.
 */
package dev.metarag.training.model;
