package dev.metarag.k8s.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every workload of the suite must satisfy, whatever the values: probes on the gRPC health of
 * a port the container declares, requests and limits, a pinned image, a non-root user on a
 * read-only root filesystem with nothing privileged, and a writable /tmp.
 */
public final class WorkloadInvariants {
  private WorkloadInvariants() {}

  public static void check(Manifests manifests) {
    assertThat(manifests.deployments()).as("Deployments").hasSize(4);
    Problems problems = new Problems();
    manifests
        .deployments()
        .forEach(d -> check(problems, d.getMetadata().getName(), d.getSpec().getTemplate()));
    manifests
        .all()
        .forEach(o -> UnknownFields.in(o).forEach(f -> problems.add("unknown field " + f)));
    assertThat(problems.found).as("problems").isEmpty();
  }

  /** Collects every failed check instead of stopping at the first. */
  private static final class Problems {
    private final List<String> found = new ArrayList<>();

    void add(String problem) {
      found.add(problem);
    }

    void require(boolean ok, String what) {
      if (!ok) {
        found.add(what);
      }
    }
  }

  private static void check(Problems p, String name, PodTemplateSpec template) {
    PodSpec pod = template.getSpec();
    PodSecurityContext podSecurity = pod.getSecurityContext();
    p.require(podSecurity != null, name + ": no pod securityContext");
    if (podSecurity != null) {
      p.require(
          Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()), name + ": pod not runAsNonRoot");
      p.require(
          podSecurity.getRunAsUser() != null && podSecurity.getRunAsUser() > 0,
          name + ": pod runAsUser not a non-root user id");
    }
    p.require(!pod.getContainers().isEmpty(), name + ": no containers");
    for (Container c : pod.getContainers()) {
      String who = name + "/" + c.getName();
      p.require(pinned(c.getImage()), who + ": image not pinned: " + c.getImage());
      probes(p, who, c);
      resources(p, who, c);
      security(p, who, c.getSecurityContext(), podSecurity);
      writableTmp(p, who, c, pod.getVolumes());
    }
  }

  /** A tag or a digest, never "latest" and never missing. */
  public static boolean pinned(String image) {
    if (image == null || image.isBlank()) {
      return false;
    }
    if (image.matches(".*@sha256:[a-f0-9]{64}$")) {
      return true;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash || colon == image.length() - 1) {
      return false;
    }
    return !image.substring(colon + 1).equals("latest");
  }

  private static void probes(Problems p, String who, Container c) {
    List<Integer> ports =
        Optional.ofNullable(c.getPorts()).orElse(List.of()).stream()
            .map(ContainerPort::getContainerPort)
            .toList();
    probe(p, who + " startup probe", c.getStartupProbe(), ports);
    probe(p, who + " liveness probe", c.getLivenessProbe(), ports);
    probe(p, who + " readiness probe", c.getReadinessProbe(), ports);
    Probe startup = c.getStartupProbe();
    if (startup != null) {
      // Model loading takes seconds: at least a minute before liveness may restart the container.
      int allowance =
          Objects.requireNonNullElse(startup.getPeriodSeconds(), 10)
              * Objects.requireNonNullElse(startup.getFailureThreshold(), 3);
      p.require(allowance >= 60, who + ": startup probe allows only " + allowance + " s");
    }
  }

  private static void probe(Problems p, String what, Probe probe, List<Integer> ports) {
    if (probe == null) {
      p.add(what + ": missing");
    } else if (probe.getGrpc() == null) {
      p.add(what + ": not a gRPC health probe");
    } else {
      p.require(
          ports.contains(probe.getGrpc().getPort()),
          what + ": port " + probe.getGrpc().getPort() + " is not declared, ports " + ports);
    }
  }

  private static void resources(Problems p, String who, Container c) {
    if (c.getResources() == null) {
      p.add(who + ": no resources");
      return;
    }
    Map<String, Quantity> requests =
        Objects.requireNonNullElse(c.getResources().getRequests(), Map.of());
    Map<String, Quantity> limits =
        Objects.requireNonNullElse(c.getResources().getLimits(), Map.of());
    for (String resource : List.of("cpu", "memory")) {
      p.require(requests.containsKey(resource), who + ": no " + resource + " request");
      p.require(limits.containsKey(resource), who + ": no " + resource + " limit");
    }
  }

  private static void security(Problems p, String who, SecurityContext s, PodSecurityContext pod) {
    if (s == null) {
      p.add(who + ": no securityContext");
      return;
    }
    p.require(Boolean.TRUE.equals(s.getRunAsNonRoot()), who + ": not runAsNonRoot");
    p.require(
        Boolean.TRUE.equals(s.getReadOnlyRootFilesystem()),
        who + ": root filesystem not read-only");
    p.require(
        Boolean.FALSE.equals(s.getAllowPrivilegeEscalation()),
        who + ": privilege escalation not forbidden");
    p.require(!Boolean.TRUE.equals(s.getPrivileged()), who + ": privileged");
    List<String> drop =
        s.getCapabilities() == null
            ? List.of()
            : Objects.requireNonNullElse(s.getCapabilities().getDrop(), List.of());
    List<String> add =
        s.getCapabilities() == null
            ? List.of()
            : Objects.requireNonNullElse(s.getCapabilities().getAdd(), List.of());
    p.require(drop.contains("ALL"), who + ": does not drop ALL capabilities");
    p.require(add.isEmpty(), who + ": adds capabilities " + add);
    String seccomp =
        s.getSeccompProfile() != null
            ? s.getSeccompProfile().getType()
            : pod != null && pod.getSeccompProfile() != null
                ? pod.getSeccompProfile().getType()
                : null;
    p.require("RuntimeDefault".equals(seccomp), who + ": seccomp profile " + seccomp);
  }

  private static void writableTmp(Problems p, String who, Container c, List<Volume> volumes) {
    Optional<VolumeMount> tmp =
        Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
            .filter(m -> "/tmp".equals(m.getMountPath()))
            .findFirst();
    p.require(
        tmp.isPresent()
            && volumes.stream()
                .anyMatch(v -> v.getName().equals(tmp.get().getName()) && v.getEmptyDir() != null),
        who + ": /tmp is not a writable emptyDir");
  }
}
