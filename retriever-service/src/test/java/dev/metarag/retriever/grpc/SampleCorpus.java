package dev.metarag.retriever.grpc;

import dev.metarag.proto.v1.Document;
import java.util.List;
import java.util.Map;

/** A small corpus written for these tests: two invented products and a privacy policy. */
final class SampleCorpus {
  static final String BATTERY_TEXT =
      "The Lumio X2 phone has a 5000 mAh battery. In our tests the battery lasted two full days"
          + " of normal use, and it charges from empty to full in about seventy minutes.";
  static final String CAMERA_TEXT =
      "The camera of the Lumio X2 takes sharp photos in daylight, but night shots are noisy and"
          + " the autofocus hunts in dim rooms.";
  static final String KETTLE_TEXT =
      "The Brewmaster kettle boils a litre of water in three minutes. The handle stays cool and"
          + " the lid opens with one button.";
  static final String POLICY_SHARING_TEXT =
      "We share your email address and purchase history with advertising partners so that they"
          + " can show you relevant offers. You may opt out in your account settings.";
  static final String POLICY_RETENTION_TEXT =
      "We keep server logs for ninety days. After that, logs are deleted or anonymised.";

  private SampleCorpus() {}

  static List<Document> documents() {
    return List.of(
        GrpcTestClient.doc(
            "lumio-battery",
            "Lumio X2 review",
            BATTERY_TEXT,
            Map.of("item", "lumio-x2", "domain", "electronics")),
        GrpcTestClient.doc(
            "lumio-camera",
            "Lumio X2 review",
            CAMERA_TEXT,
            Map.of("item", "lumio-x2", "domain", "electronics")),
        GrpcTestClient.doc(
            "kettle",
            "Brewmaster kettle",
            KETTLE_TEXT,
            Map.of("item", "brewmaster", "domain", "kitchen")),
        GrpcTestClient.doc(
            "policy-sharing",
            "Example Shop privacy policy",
            POLICY_SHARING_TEXT,
            Map.of("policy", "example-shop")),
        GrpcTestClient.doc(
            "policy-retention",
            "Example Shop privacy policy",
            POLICY_RETENTION_TEXT,
            Map.of("policy", "example-shop")));
  }
}
