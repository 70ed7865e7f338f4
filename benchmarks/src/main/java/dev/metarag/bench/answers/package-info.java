/**
 * {@code ./metarag eval-answers}: question answering end to end as users get it, through a running
 * generator-service (retrieval, reading, abstention), scored with SQuAD EM and F1 per data set and
 * model version.
 */
package dev.metarag.bench.answers;
