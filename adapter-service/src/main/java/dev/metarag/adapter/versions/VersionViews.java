package dev.metarag.adapter.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.metarag.proto.v1.EvaluationMetrics;
import dev.metarag.proto.v1.Lineage;
import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelRef;
import dev.metarag.proto.v1.ModelVersion;
import dev.metarag.registry.RegisteredVersion;
import dev.metarag.registry.VersionKind;
import java.io.UncheckedIOException;

/**
 * Registry entries as {@code ModelVersion} messages. The registering service keeps the lineage,
 * metrics and description in the registration's details, as the JSON form of those ModelVersion
 * fields; everything else comes from the registry.
 */
public final class VersionViews {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final String pretrainedModel;

  /**
   * @param pretrainedModel name of the model the BASE version stands for
   */
  public VersionViews(String pretrainedModel) {
    this.pretrainedModel = pretrainedModel;
  }

  public ModelVersion toProto(RegisteredVersion v) {
    ModelVersion.Builder out = ModelVersion.newBuilder();
    if (v.kind() == VersionKind.BASE) {
      return out.setVersion(v.version())
          .setKind(ModelKind.MODEL_KIND_BASE)
          .setLineage(Lineage.newBuilder().setPretrainedModel(pretrainedModel))
          .setDescription("the pretrained " + pretrainedModel + " with freshly drawn reader heads")
          .build();
    }
    try {
      PARSER.merge(JSON.writeValueAsString(v.details()), out);
    } catch (InvalidProtocolBufferException
        | com.fasterxml.jackson.core.JsonProcessingException e) {
      // Details another service wrote in a shape we do not know: show the version without them.
      out.clear();
    }
    return out.setDomain(v.domain())
        .setVersion(v.version())
        .setParentVersion(v.parentVersion())
        .setKind(kind(v.kind()))
        .setCreatedAtMillis(v.createdAtMillis())
        .setActive(v.active())
        .setActivatedAtMillis(v.activatedAtMillis())
        .setPackagePath(v.packageDir() == null ? "" : v.packageDir().toString())
        .putAllChecksums(v.checksums())
        .setSizeBytes(v.sizeBytes())
        .build();
  }

  public static ModelRef ref(RegisteredVersion v) {
    return ModelRef.newBuilder()
        .setDomain(v.domain())
        .setVersion(v.version())
        .setKind(kind(v.kind()))
        .build();
  }

  /** The details to register with a new version: its lineage, metrics and description. */
  public static JsonNode details(Lineage lineage, EvaluationMetrics metrics, String description) {
    ModelVersion fields =
        ModelVersion.newBuilder()
            .setLineage(lineage)
            .setMetrics(metrics)
            .setDescription(description)
            .build();
    try {
      return JSON.readTree(JsonFormat.printer().print(fields));
    } catch (InvalidProtocolBufferException
        | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(new java.io.IOException(e));
    }
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
