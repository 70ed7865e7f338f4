/**
 * The model version registry shared by the services: model packages by version, each domain's
 * versions, its active version and promotion history. Plain Java and Jackson (no protobuf), so
 * every service maps it onto its own generated messages.
 *
 * <p>{@link dev.metarag.registry.VersionRegistry} is the entry point. On disk, under the root:
 *
 * <pre>
 * base                     no directory: the pretrained model, synthesised
 * theta0-&lt;n&gt;/              meta-trained initialisations, written by meta-trainer-service
 * general-&lt;n&gt;/             general readers (trained on SQuAD), written by meta-trainer-service
 * &lt;domain&gt;-v&lt;n&gt;/            adapted versions, written by adapter-service
 *     manifest.json        "files": {name: sha256}, "registration": {...}, plus the writer's fields
 *     query-encoder.onnx, reader.onnx, tokenizer.json, ...
 * .staging-*, .deleting-*  unfinished writes and deletions, never read; each beside a .lock file
 *                          its writer holds locked, so that a writer that died is told from a
 *                          live one and its leftovers are removed when a writing service starts
 * _domains/&lt;domain&gt;.json   {"active_version", "activated_at_millis": {version: millis},
 *                           "history": [oldest, ..., newest], "last_number"}
 * _domains/_theta0.json    {"last_number"} of the theta0 numbering
 * _domains/_general.json   {"last_number"} of the general numbering
 * </pre>
 *
 * <p>Theta0, general and base versions belong to no domain (""). Its listing gives theta0s newest
 * first, then general versions newest first, then base: the order of preference of the default
 * starting point ({@link dev.metarag.registry.VersionRegistry#defaultStartingPoint}), which the
 * adapter adapts from when a request names no base and the generator serves to domains without an
 * active version. So a registered general reader replaces the untrained base wherever no theta0
 * exists; base stays available by name.
 *
 * <p>Version numbers count from 1 and are never reused: a reservation writes the number before it
 * is handed out. One process writes a root (the lock per domain is in memory); any number read.
 */
package dev.metarag.registry;
