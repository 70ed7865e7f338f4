/** SubjQA: subjective questions about product and service reviews, answers as character offsets. */
package dev.metarag.data.subjqa;
