/**
 * SQuAD v1 JSON, the format of COVID-QA, XQuAD, PolicyQA and CMRC 2018, read with every answer
 * offset checked against its paragraph.
 */
package dev.metarag.data.squad;
