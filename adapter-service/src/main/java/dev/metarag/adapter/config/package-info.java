/** Settings of the adapter service ({@code metarag.adapter.*}). */
package dev.metarag.adapter.config;
