/** Tests of the domain-transfer benchmark: the tiny preset end to end against the services. */
package dev.metarag.bench.transfer;
