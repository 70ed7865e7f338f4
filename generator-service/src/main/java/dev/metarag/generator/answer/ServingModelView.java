package dev.metarag.generator.answer;

import dev.metarag.generator.serving.Choice;
import dev.metarag.generator.serving.ServedModel;
import dev.metarag.proto.v1.EncoderInfo;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ServingModel;
import dev.metarag.registry.VersionKind;

/** ServingModel messages. */
public final class ServingModelView {
  private ServingModelView() {}

  /**
   * @param retrieverEncoder the retriever's query encoder for the domain; null when unknown
   */
  public static ServingModel of(ServedModel model, EncoderInfo retrieverEncoder) {
    return of(model.domain(), model.choice(), model.sinceMillis(), retrieverEncoder);
  }

  /**
   * @param sinceMillis when the generator started serving it; 0 when pinned or not loaded yet
   */
  public static ServingModel of(
      String domain, Choice choice, long sinceMillis, EncoderInfo retrieverEncoder) {
    ServingModel.Builder out =
        ServingModel.newBuilder()
            .setDomain(domain)
            .setVersion(choice.version())
            .setKind(kind(choice.kind()))
            .setIsBase(choice.isDefault())
            .setPinned(choice.pinned())
            .setServingSinceMillis(choice.pinned() ? 0 : sinceMillis);
    if (retrieverEncoder != null) {
      out.setQueryEncoder(retrieverEncoder);
    }
    return out.build();
  }

  static ModelKind kind(VersionKind kind) {
    return switch (kind) {
      case BASE -> ModelKind.MODEL_KIND_BASE;
      case THETA0 -> ModelKind.MODEL_KIND_THETA0;
      case ADAPTED -> ModelKind.MODEL_KIND_ADAPTED;
      case GENERAL -> ModelKind.MODEL_KIND_GENERAL;
    };
  }
}
