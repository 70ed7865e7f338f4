/** SQuAD v1 JSON, the format of COVID-QA, XQuAD, PolicyQA and CMRC 2018. */
package dev.metarag.data.squad;
