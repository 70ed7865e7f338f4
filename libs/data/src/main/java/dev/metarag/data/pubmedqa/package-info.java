/** PubMedQA: yes/no/maybe questions about PubMed abstracts, with long answers. */
package dev.metarag.data.pubmedqa;
