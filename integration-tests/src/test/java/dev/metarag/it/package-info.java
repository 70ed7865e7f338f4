/**
 * Integration tests over the packaged services run as processes: the sample-domain demo, the whole
 * story on shared data sets (with restarts and a kill -9 of the retriever) and the Python and Node
 * clients.
 */
package dev.metarag.it;
