/**
 * Confinement of the paths callers send: a path is used only when it lies under a configured root
 * (the data root and the shared data for data sets, the model registry for model directories), as
 * written and after its links are resolved. Refusals name the root's setting, never a server
 * directory or a file's content.
 */
package dev.metarag.data.confine;
