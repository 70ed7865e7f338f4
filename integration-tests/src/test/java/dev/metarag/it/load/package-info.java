/**
 * Load for the suite's load test: closed-loop clients that count every call's status and time it,
 * and the resident memory of the service processes sampled while they run.
 */
package dev.metarag.it.load;
