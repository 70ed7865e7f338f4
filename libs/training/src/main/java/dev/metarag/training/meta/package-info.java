/**
 * Meta-learning over tasks, generic over the objective: MAML (second order), first-order MAML,
 * Reptile, ANIL, Meta-SGD and plain joint training as a baseline.
 *
 * <p>A task ({@link dev.metarag.training.meta.MetaTask}) is a support batch to adapt on and a query
 * batch to judge the adaptation by; a {@link dev.metarag.training.meta.TaskObjective} says how to
 * compute a batch's loss from a flat parameter map. {@link dev.metarag.training.meta.MetaLearner}
 * turns a meta-batch of tasks into a meta-gradient and applies it with Adam.
 *
 * <p>Why the algorithms look the way they do:
 *
 * <ul>
 *   <li>Second-order terms come from finite-difference Hessian-vector products, never from
 *       PyTorch's {@code create_graph}: DJL cannot release the graph that option builds, and
 *       repeated meta-steps leak hundreds of megabytes each. Every gradient here is first order and
 *       its graph is freed right after backward.
 *   <li>Gradients are taken with respect to detached aliases of the parameters, fresh for each
 *       evaluation, so PyTorch never accumulates into a parameter's {@code .grad} across
 *       evaluations and nothing derived from a parameter lands in a long-lived manager.
 *   <li>Every evaluation, task and step runs in its own sub-manager that is closed when it ends:
 *       memory stays flat over hundreds of meta-steps.
 * </ul>
 *
 * <p>Correctness is specified by tests that compare each algorithm's meta-gradient with its closed
 * form on linear regression.
 */
package dev.metarag.training.meta;
