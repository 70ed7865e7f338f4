/**
 * End-to-end evaluation of a RAG model on labelled questions, as it will be served: the query
 * encoder ranks passages (its own candidates, or a search such as the retriever's), the reader
 * picks an answer span across the top ones, and the figures are retrieval recall and MRR, SQuAD
 * exact match and F1, the RAG loss and how often the model abstains.
 */
package dev.metarag.training.eval;
