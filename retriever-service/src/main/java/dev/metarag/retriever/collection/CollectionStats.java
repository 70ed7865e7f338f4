package dev.metarag.retriever.collection;

import dev.metarag.inference.encoder.EncoderDescriptor;

/** A collection's settings with its current statistics and encoders. */
public record CollectionStats(
    CollectionSettings settings,
    EncoderDescriptor documentEncoder,
    EncoderDescriptor queryEncoder,
    long documents,
    long passages,
    long bytesOnDisk) {}
