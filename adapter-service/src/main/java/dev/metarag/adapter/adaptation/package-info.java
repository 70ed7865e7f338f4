/**
 * One adaptation from request to registered version: the validated plan, the support set with its
 * retrieved passages, the gradient steps, evaluation before and after, export and promotion, and
 * the queue that runs adaptations one at a time off the gRPC threads.
 */
package dev.metarag.adapter.adaptation;
