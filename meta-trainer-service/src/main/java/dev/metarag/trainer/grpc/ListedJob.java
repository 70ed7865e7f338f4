package dev.metarag.trainer.grpc;

import dev.metarag.proto.v1.InlineExamples;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobSpec;
import dev.metarag.proto.v1.SourceDomain;

/**
 * A job as ListJobs shows it: without its domains' inline examples (the field stays set, empty, so
 * the domain still reads as inline), which may take up to 1 MiB per job; GetJob has them.
 */
final class ListedJob {
  private static final InlineExamples LEFT_OUT = InlineExamples.getDefaultInstance();

  private ListedJob() {}

  static Job of(Job job) {
    JobSpec spec = job.getSpec();
    boolean inline =
        spec.getDomainsList().stream().anyMatch(SourceDomain::hasExamples)
            || spec.getEvaluationDomainsList().stream().anyMatch(SourceDomain::hasExamples);
    if (!inline) {
      return job;
    }
    JobSpec.Builder out = spec.toBuilder();
    for (SourceDomain.Builder d : out.getDomainsBuilderList()) {
      leaveOut(d);
    }
    for (SourceDomain.Builder d : out.getEvaluationDomainsBuilderList()) {
      leaveOut(d);
    }
    return job.toBuilder().setSpec(out).build();
  }

  private static void leaveOut(SourceDomain.Builder d) {
    if (d.hasExamples()) {
      d.setExamples(LEFT_OUT);
    }
  }
}
