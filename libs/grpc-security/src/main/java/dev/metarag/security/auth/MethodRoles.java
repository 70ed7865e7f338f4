package dev.metarag.security.auth;

import static dev.metarag.security.auth.Role.ADMIN;
import static dev.metarag.security.auth.Role.READ;
import static dev.metarag.security.auth.Role.WRITE;
import static java.util.Map.entry;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which role each RPC needs: the one place access is decided. Every RPC of every {@code metarag.v1}
 * service has a line (a test fails when one is missing); a method without one is refused, so a new
 * RPC is closed until someone decides. Health and reflection stay open because Kubernetes probes
 * and grpcurl discovery send no key.
 */
public final class MethodRoles {
  /** Services every caller may use without a key. */
  static final Set<String> OPEN_SERVICES =
      Set.of(
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection");

  /** Full method name to the role it needs. */
  static final Map<String, Role> REQUIRED =
      Map.ofEntries(
          // Retriever: reading is read; adding data is write; removing a collection or changing
          // how it is queried is admin.
          entry("metarag.v1.Retriever/ListCollections", READ),
          entry("metarag.v1.Retriever/DescribeCollection", READ),
          entry("metarag.v1.Retriever/Retrieve", READ),
          entry("metarag.v1.Retriever/LookupDocuments", READ),
          entry("metarag.v1.Retriever/CreateCollection", WRITE),
          entry("metarag.v1.Retriever/Ingest", WRITE),
          entry("metarag.v1.Retriever/DeleteDocuments", WRITE),
          entry("metarag.v1.Retriever/DeleteCollection", ADMIN),
          entry("metarag.v1.Retriever/SetQueryEncoder", ADMIN),
          // Generator: answering and looking at what is served.
          entry("metarag.v1.Generator/Answer", READ),
          entry("metarag.v1.Generator/AnswerStream", READ),
          entry("metarag.v1.Generator/GetServingModel", READ),
          entry("metarag.v1.Generator/ListServingModels", READ),
          // MetaTrainer: watching jobs is read; starting and stopping them is write.
          entry("metarag.v1.MetaTrainer/GetJob", READ),
          entry("metarag.v1.MetaTrainer/ListJobs", READ),
          entry("metarag.v1.MetaTrainer/WatchJob", READ),
          entry("metarag.v1.MetaTrainer/StartJob", WRITE),
          entry("metarag.v1.MetaTrainer/CancelJob", WRITE),
          // Adapter: adapting registers a version (write; admin when it asks to promote, see
          // PromotingRequests); changing or deleting what a domain serves is admin.
          entry("metarag.v1.Adapter/ListVersions", READ),
          entry("metarag.v1.Adapter/GetVersion", READ),
          entry("metarag.v1.Adapter/Adapt", WRITE),
          entry("metarag.v1.Adapter/AdaptStream", WRITE),
          entry("metarag.v1.Adapter/PromoteVersion", ADMIN),
          entry("metarag.v1.Adapter/RollbackVersion", ADMIN),
          entry("metarag.v1.Adapter/DeleteVersion", ADMIN));

  /**
   * Requests that need more than their method's role, by the path of an enum field: an adaptation
   * that asks to promote its result (promote policy ALWAYS, IF_IMPROVED or a value not known yet)
   * changes what a domain serves, which is admin; one that only registers (UNSPECIFIED = 0, NEVER =
   * 1) stays write.
   */
  static final Map<String, List<String>> PROMOTE_POLICY_FIELD =
      Map.of(
          "metarag.v1.Adapter/Adapt", List.of("promote"),
          "metarag.v1.Adapter/AdaptStream", List.of("request", "promote"));

  private static final int HIGHEST_REGISTER_ONLY_POLICY = 1;

  private MethodRoles() {}

  /**
   * The role one request needs: its method's, or admin when it asks to promote. Requests of other
   * methods, and messages that are not protobuf messages, need their method's role.
   */
  public static Role requiredFor(String fullMethodName, Role methodRole, Object request) {
    List<String> path = PROMOTE_POLICY_FIELD.get(fullMethodName);
    if (path == null || !(request instanceof Message message)) {
      return methodRole;
    }
    return enumNumber(message, path) > HIGHEST_REGISTER_ONLY_POLICY ? ADMIN : methodRole;
  }

  /** The number of the enum at a field path; 0 when a message on the way is unset. */
  private static int enumNumber(Message message, List<String> path) {
    Message current = message;
    for (int i = 0; i < path.size(); i++) {
      FieldDescriptor field = current.getDescriptorForType().findFieldByName(path.get(i));
      if (field == null) {
        throw new IllegalStateException(
            current.getDescriptorForType().getFullName() + " has no field " + path.get(i));
      }
      if (i == path.size() - 1) {
        return ((EnumValueDescriptor) current.getField(field)).getNumber();
      }
      if (!current.hasField(field)) {
        return 0;
      }
      current = (Message) current.getField(field);
    }
    return 0;
  }

  /** True for methods of the open services (health, reflection). */
  public static boolean isOpen(String fullMethodName) {
    int slash = fullMethodName.lastIndexOf('/');
    return slash > 0 && OPEN_SERVICES.contains(fullMethodName.substring(0, slash));
  }

  /** The role a method needs; empty when the table has no line for it (refused). */
  public static Optional<Role> required(String fullMethodName) {
    return Optional.ofNullable(REQUIRED.get(fullMethodName));
  }

  /** Every method the table names, for tests that hold it against the contracts. */
  public static Set<String> methods() {
    return REQUIRED.keySet();
  }
}
