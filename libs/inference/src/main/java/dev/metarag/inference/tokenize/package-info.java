/**
 * BERT WordPiece tokenisation with character offsets into the caller's text, compatible with the
 * Hugging Face tokenizers the models were trained with, and free of native code.
 */
package dev.metarag.inference.tokenize;
