/**
 * SubjQA: subjective questions about product and service reviews, one example per question-review
 * pair, answers as character offsets into the review.
 */
package dev.metarag.data.subjqa;
