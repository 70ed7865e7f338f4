/** The common shape of question-answering data: contexts, questions and gold answers. */
package dev.metarag.data.qa;
