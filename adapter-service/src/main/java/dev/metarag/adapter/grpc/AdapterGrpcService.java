package dev.metarag.adapter.grpc;

import static dev.metarag.adapter.grpc.Statuses.invalid;

import dev.metarag.adapter.AdapterServices;
import dev.metarag.adapter.adaptation.AdaptPlan;
import dev.metarag.adapter.adaptation.ProgressSink;
import dev.metarag.adapter.versions.VersionViews;
import dev.metarag.proto.v1.AdaptEvent;
import dev.metarag.proto.v1.AdaptRequest;
import dev.metarag.proto.v1.AdaptResponse;
import dev.metarag.proto.v1.AdaptStreamRequest;
import dev.metarag.proto.v1.AdapterGrpc;
import dev.metarag.proto.v1.DeleteVersionRequest;
import dev.metarag.proto.v1.DeleteVersionResponse;
import dev.metarag.proto.v1.GetVersionRequest;
import dev.metarag.proto.v1.GetVersionResponse;
import dev.metarag.proto.v1.ListVersionsRequest;
import dev.metarag.proto.v1.ListVersionsResponse;
import dev.metarag.proto.v1.PromoteVersionRequest;
import dev.metarag.proto.v1.PromoteVersionResponse;
import dev.metarag.proto.v1.RollbackVersionRequest;
import dev.metarag.proto.v1.RollbackVersionResponse;
import dev.metarag.registry.DeleteResult;
import dev.metarag.registry.PromoteResult;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.RollbackResult;
import dev.metarag.registry.VersionPage;
import dev.metarag.registry.grpc.RegistryCalls;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/** The Adapter gRPC API: adaptations go to the queue, version changes to the lifecycle. */
@GrpcService
public class AdapterGrpcService extends AdapterGrpc.AdapterImplBase {
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 1000;

  private final AdapterServices services;

  public AdapterGrpcService(AdapterServices services) {
    this.services = services;
  }

  @Override
  @Blocking
  public void adapt(AdaptRequest request, StreamObserver<AdaptResponse> response) {
    try {
      AdaptPlan plan = services.validator().validate(request);
      services
          .queue()
          .submit(plan, ProgressSink.NONE)
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  response.onError(RegistryCalls.status(error));
                } else {
                  response.onNext(result);
                  response.onCompleted();
                }
              });
    } catch (Throwable t) {
      response.onError(RegistryCalls.status(t));
    }
  }

  @Override
  @Blocking
  public void adaptStream(AdaptStreamRequest request, StreamObserver<AdaptEvent> response) {
    ServerCallStreamObserver<AdaptEvent> call = (ServerCallStreamObserver<AdaptEvent>) response;
    try {
      if (!request.hasRequest()) {
        throw invalid("request", "required: the AdaptRequest to run");
      }
      AdaptPlan plan = services.validator().validate(request.getRequest());
      ProgressSink sink =
          progress -> send(call, AdaptEvent.newBuilder().setProgress(progress).build());
      services
          .queue()
          .submit(plan, sink)
          .whenComplete(
              (result, error) -> {
                synchronized (call) {
                  if (call.isCancelled()) {
                    return;
                  }
                  if (error != null) {
                    call.onError(RegistryCalls.status(error));
                  } else {
                    call.onNext(AdaptEvent.newBuilder().setResult(result).build());
                    call.onCompleted();
                  }
                }
              });
    } catch (Throwable t) {
      response.onError(RegistryCalls.status(t));
    }
  }

  private static void send(ServerCallStreamObserver<AdaptEvent> call, AdaptEvent event) {
    synchronized (call) {
      if (!call.isCancelled()) {
        call.onNext(event);
      }
    }
  }

  @Override
  @Blocking
  public void listVersions(
      ListVersionsRequest request, StreamObserver<ListVersionsResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          String domain = request.getDomain();
          if (request.getPageSize() < 0 || request.getPageSize() > MAX_PAGE) {
            throw invalid(
                "page_size",
                "must be 1 to "
                    + MAX_PAGE
                    + " (0 means "
                    + DEFAULT_PAGE
                    + "), got "
                    + request.getPageSize());
          }
          if (!domain.isEmpty()) {
            AdaptRequestValidator.requireDomain("domain", domain);
            requireKnownDomain(domain);
          }
          int size = request.getPageSize() == 0 ? DEFAULT_PAGE : request.getPageSize();
          VersionPage page = services.registry().list(domain, size, request.getPageToken());
          ListVersionsResponse.Builder out =
              ListVersionsResponse.newBuilder().setNextPageToken(page.nextPageToken());
          page.versions().forEach(v -> out.addVersions(services.views().toProto(v)));
          if (!domain.isEmpty()) {
            services.registry().activeVersion(domain).ifPresent(out::setActiveVersion);
          }
          return out.build();
        });
  }

  @Override
  @Blocking
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          requireVersion(request.getVersion());
          RegisteredVersion v = services.registry().get(request.getDomain(), request.getVersion());
          return GetVersionResponse.newBuilder().setVersion(services.views().toProto(v)).build();
        });
  }

  @Override
  @Blocking
  public void promoteVersion(
      PromoteVersionRequest request, StreamObserver<PromoteVersionResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          String domain = AdaptRequestValidator.requireDomain("domain", request.getDomain());
          requireVersion(request.getVersion());
          PromoteResult result = services.lifecycle().promote(domain, request.getVersion());
          PromoteVersionResponse.Builder out =
              PromoteVersionResponse.newBuilder()
                  .setActive(services.views().toProto(result.active()));
          result
              .previous()
              .flatMap(services.registry()::find)
              .ifPresent(p -> out.setPrevious(VersionViews.ref(p)));
          return out.build();
        });
  }

  @Override
  @Blocking
  public void rollbackVersion(
      RollbackVersionRequest request, StreamObserver<RollbackVersionResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          String domain = AdaptRequestValidator.requireDomain("domain", request.getDomain());
          RollbackResult result = services.lifecycle().rollback(domain);
          RollbackVersionResponse.Builder out =
              RollbackVersionResponse.newBuilder()
                  .setServingDefault(result.servingDefault())
                  .setRolledBack(
                      services
                          .registry()
                          .find(result.rolledBack())
                          .map(VersionViews::ref)
                          .orElse(
                              dev.metarag.proto.v1.ModelRef.newBuilder()
                                  .setDomain(domain)
                                  .setVersion(result.rolledBack())
                                  .build()));
          result.active().ifPresent(a -> out.setActive(services.views().toProto(a)));
          return out.build();
        });
  }

  @Override
  @Blocking
  public void deleteVersion(
      DeleteVersionRequest request, StreamObserver<DeleteVersionResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          if (!request.getDomain().isEmpty()) {
            AdaptRequestValidator.requireDomain("domain", request.getDomain());
          }
          requireVersion(request.getVersion());
          DeleteResult result =
              services
                  .queue()
                  .deleteUnlessInUse(
                      inUse ->
                          services
                              .lifecycle()
                              .delete(request.getDomain(), request.getVersion(), inUse));
          return DeleteVersionResponse.newBuilder()
              .setDeleted(VersionViews.ref(result.deleted()))
              .setBytesFreed(result.bytesFreed())
              .build();
        });
  }

  private void requireKnownDomain(String domain) {
    if (services.registry().knowsDomain(domain)) {
      return;
    }
    try {
      services.retriever().requireCollection("domain", domain);
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw Statuses.notFound(
            "domain: '" + domain + "' has neither a retriever collection nor model versions");
      }
      throw e;
    }
  }

  private static void requireVersion(String version) {
    if (version.isBlank()) {
      throw invalid("version", "required: a version id such as \"law-v2\" or \"theta0-1\"");
    }
  }
}
