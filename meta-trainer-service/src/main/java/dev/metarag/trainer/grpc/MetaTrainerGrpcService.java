package dev.metarag.trainer.grpc;

import dev.metarag.proto.v1.CancelJobRequest;
import dev.metarag.proto.v1.CancelJobResponse;
import dev.metarag.proto.v1.GetJobRequest;
import dev.metarag.proto.v1.GetJobResponse;
import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobProgress;
import dev.metarag.proto.v1.ListJobsRequest;
import dev.metarag.proto.v1.ListJobsResponse;
import dev.metarag.proto.v1.MetaTrainerGrpc;
import dev.metarag.proto.v1.StartJobRequest;
import dev.metarag.proto.v1.StartJobResponse;
import dev.metarag.proto.v1.WatchJobRequest;
import dev.metarag.security.errors.InternalErrors;
import dev.metarag.security.limits.Quoted;
import dev.metarag.trainer.job.JobManager;
import dev.metarag.trainer.job.JobWatcher;
import dev.metarag.trainer.spec.InvalidSpecException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The MetaTrainer gRPC API over the {@link JobManager}. */
@GrpcService
public class MetaTrainerGrpcService extends MetaTrainerGrpc.MetaTrainerImplBase {
  private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9_-]{0,64}$");

  private final JobManager jobs;

  public MetaTrainerGrpcService(JobManager jobs) {
    this.jobs = jobs;
  }

  @Override
  @Blocking
  public void startJob(StartJobRequest request, StreamObserver<StartJobResponse> response) {
    unary(
        response,
        () -> {
          if (!request.hasSpec()) {
            throw invalid("spec: required");
          }
          if (!REQUEST_ID.matcher(request.getRequestId()).matches()) {
            throw invalid("request_id: up to 64 characters of [A-Za-z0-9_-]");
          }
          Job job =
              jobs.start(request.getSpec(), request.getRequestId(), request.getValidateOnly());
          return StartJobResponse.newBuilder().setJob(job).build();
        });
  }

  @Override
  @Blocking
  public void getJob(GetJobRequest request, StreamObserver<GetJobResponse> response) {
    unary(response, () -> GetJobResponse.newBuilder().setJob(find(request.getJobId())).build());
  }

  @Override
  @Blocking
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> response) {
    unary(response, () -> JobPages.page(jobs.newestFirst(), request));
  }

  @Override
  @Blocking
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> response) {
    unary(
        response,
        () -> {
          requireId(request.getJobId());
          return CancelJobResponse.newBuilder()
              .setJob(jobs.cancel(request.getJobId(), request.getReason()))
              .build();
        });
  }

  @Override
  @Blocking
  public void watchJob(WatchJobRequest request, StreamObserver<JobProgress> response) {
    ServerCallStreamObserver<JobProgress> call = (ServerCallStreamObserver<JobProgress>) response;
    try {
      requireId(request.getJobId());
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    }
    String id = request.getJobId();
    JobWatcher watcher =
        new JobWatcher() {
          @Override
          public boolean includeLogs() {
            return request.getIncludeLogs();
          }

          @Override
          public void onProgress(JobProgress progress) {
            synchronized (call) {
              if (!call.isCancelled()) {
                call.onNext(progress);
              }
            }
          }

          @Override
          public void onCompleted() {
            synchronized (call) {
              if (!call.isCancelled()) {
                call.onCompleted();
              }
            }
          }
        };
    call.setOnCancelHandler(() -> jobs.unwatch(id, watcher));
    if (!jobs.watch(id, watcher)) {
      response.onError(notFound(id));
    }
  }

  private Job find(String id) {
    requireId(id);
    return jobs.get(id).orElseThrow(() -> notFound(id));
  }

  /** Job ids are at most 64 characters (meta_trainer.proto). */
  private static final int MAX_JOB_ID_CHARS = 64;

  private static void requireId(String id) {
    if (id.isBlank()) {
      throw invalid("job_id: required");
    }
    if (id.length() > MAX_JOB_ID_CHARS) {
      throw invalid(
          "job_id: "
              + Quoted.of(id)
              + " is no job id: ids are at most "
              + MAX_JOB_ID_CHARS
              + " characters");
    }
  }

  private static StatusRuntimeException notFound(String id) {
    return Status.NOT_FOUND
        .withDescription("no job " + Quoted.of(id) + "; ListJobs shows the known ones")
        .asRuntimeException();
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  private static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    } catch (InvalidSpecException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      response.onError(InternalErrors.status("a meta-trainer request", e));
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
