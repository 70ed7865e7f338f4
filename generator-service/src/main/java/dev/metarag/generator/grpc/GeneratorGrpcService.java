package dev.metarag.generator.grpc;

import static dev.metarag.generator.grpc.Statuses.invalid;

import dev.metarag.generator.GeneratorServices;
import dev.metarag.generator.answer.AnswerOutcome;
import dev.metarag.generator.answer.AnswerPlan;
import dev.metarag.proto.v1.AnswerEvent;
import dev.metarag.proto.v1.AnswerRequest;
import dev.metarag.proto.v1.AnswerResponse;
import dev.metarag.proto.v1.AnswerStreamRequest;
import dev.metarag.proto.v1.CollectionInfo;
import dev.metarag.proto.v1.GeneratorGrpc;
import dev.metarag.proto.v1.GetServingModelRequest;
import dev.metarag.proto.v1.GetServingModelResponse;
import dev.metarag.proto.v1.ListServingModelsRequest;
import dev.metarag.proto.v1.ListServingModelsResponse;
import dev.metarag.registry.grpc.RegistryCalls;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.Comparator;

/** The Generator gRPC API: answers go through the pipeline, serving models come from the slots. */
@GrpcService
public class GeneratorGrpcService extends GeneratorGrpc.GeneratorImplBase {
  private final GeneratorServices services;

  public GeneratorGrpcService(GeneratorServices services) {
    this.services = services;
  }

  @Override
  @Blocking
  public void answer(AnswerRequest request, StreamObserver<AnswerResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          AnswerPlan plan = services.validator().validate(request);
          return services.pipeline().answer(plan, callerDeadline(), passages -> {}).response();
        });
  }

  @Override
  @Blocking
  public void answerStream(AnswerStreamRequest request, StreamObserver<AnswerEvent> response) {
    ServerCallStreamObserver<AnswerEvent> call = (ServerCallStreamObserver<AnswerEvent>) response;
    try {
      if (!request.hasRequest()) {
        throw invalid("request", "required: the AnswerRequest to answer");
      }
      AnswerPlan plan = services.validator().validate(request.getRequest());
      AnswerOutcome outcome =
          services
              .pipeline()
              .answer(
                  plan,
                  callerDeadline(),
                  passages -> send(call, AnswerEvent.newBuilder().setPassages(passages).build()));
      // The passages and timings went out in the first and last events.
      AnswerResponse answer = outcome.response().toBuilder().clearPassages().clearTimings().build();
      send(call, AnswerEvent.newBuilder().setAnswer(answer).build());
      send(call, AnswerEvent.newBuilder().setStats(outcome.stats()).build());
      if (!call.isCancelled()) {
        call.onCompleted();
      }
    } catch (Throwable t) {
      if (!call.isCancelled()) {
        call.onError(RegistryCalls.status(t));
      }
    }
  }

  private static void send(ServerCallStreamObserver<AnswerEvent> call, AnswerEvent event) {
    if (!call.isCancelled()) {
      call.onNext(event);
    }
  }

  @Override
  @Blocking
  public void getServingModel(
      GetServingModelRequest request, StreamObserver<GetServingModelResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          String domain = AnswerRequestValidator.requireDomain("domain", request.getDomain());
          CollectionInfo collection = services.retriever().describe(domain, callerDeadline());
          return GetServingModelResponse.newBuilder()
              .setModel(services.servingModel(domain, collection.getQueryEncoder()))
              .build();
        });
  }

  @Override
  @Blocking
  public void listServingModels(
      ListServingModelsRequest request, StreamObserver<ListServingModelsResponse> response) {
    RegistryCalls.unary(
        response,
        () -> {
          ListServingModelsResponse.Builder out = ListServingModelsResponse.newBuilder();
          services.retriever().list(callerDeadline()).stream()
              .sorted(Comparator.comparing(CollectionInfo::getName))
              .forEach(c -> out.addModels(services.servingModel(c.getName(), c.getQueryEncoder())));
          return out.build();
        });
  }

  /** The caller's deadline, which calls to the retriever must not outlive; null when none. */
  private static Deadline callerDeadline() {
    return Context.current().getDeadline();
  }
}
