package dev.metarag.generator.answer;

import dev.metarag.proto.v1.EncoderInfo;
import dev.metarag.proto.v1.RetrievedPassage;
import java.util.List;

/**
 * The passages of one retrieval and what it cost.
 *
 * @param retrieverEncoder the encoder the retriever embeds the domain's queries with, as last seen
 * @param embedNanos embedding the question, here or in the retriever
 * @param retrieveNanos the search and the call to the retriever, without embedding
 */
record Retrieved(
    List<RetrievedPassage> passages,
    EncoderInfo retrieverEncoder,
    long embedNanos,
    long retrieveNanos) {}
