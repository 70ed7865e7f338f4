/**
 * The models adaptation starts from: the pretrained base, a theta0, a general reader or an earlier
 * adapted version, loaded into the training engine with the inner-loop settings they were
 * meta-trained with, and kept loaded between adaptations.
 */
package dev.metarag.adapter.model;
