package dev.metarag.trainer.tasks;

import java.util.List;

/**
 * A domain's labelled questions and where they came from.
 *
 * @param key the data set's name or path, as the lineage records it
 * @param sha256 SHA-256 of the file (of every file, in name order, for a folder)
 * @param questions the answerable questions, after the limit was applied
 */
public record LoadedDataset(String key, String sha256, List<LabelledQuestion> questions) {}
