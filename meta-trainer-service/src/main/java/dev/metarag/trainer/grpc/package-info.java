/** The MetaTrainer gRPC service: requests in, job records and progress events out. */
package dev.metarag.trainer.grpc;
