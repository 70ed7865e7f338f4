package dev.metarag.trainer.security;

import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.testing.grpc.SecuredProfile;
import dev.metarag.testing.grpc.SecuredServiceContract;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The meta-trainer with TLS and API keys on: TLS only, a known key on every RPC, the role table,
 * open health and reflection.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
class MetaTrainerSecurityTest extends SecuredServiceContract {
  @Override
  protected ServiceDescriptor descriptor() {
    return MetaTrainerGrpc.getServiceDescriptor();
  }

  @Override
  protected MethodDescriptor<?, ?> readMethod() {
    return MetaTrainerGrpc.getListJobsMethod();
  }
}
