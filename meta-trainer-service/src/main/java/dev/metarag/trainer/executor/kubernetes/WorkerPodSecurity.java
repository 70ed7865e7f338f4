package dev.metarag.trainer.executor.kubernetes;

import dev.metarag.trainer.config.InvalidSettingException;
import dev.metarag.trainer.config.TrainerConfig;
import dev.metarag.trainer.spec.KubernetesSyntax;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a worker pod is confined: a non-root user, no privilege escalation, no capabilities, seccomp
 * RuntimeDefault (the Pod Security Standard "restricted"), a read-only root filesystem, and the two
 * places the worker writes outside the shared claim as emptyDir volumes: /tmp (ONNX Runtime and JNA
 * extract their native libraries to java.io.tmpdir) and the DJL cache (libtorch is extracted there
 * on the first engine use). The settings are checked when the executor is created, at start-up.
 */
final class WorkerPodSecurity {
  static final String TMP_VOLUME = "tmp";
  static final String CACHE_VOLUME = "djl-cache";
  static final String TMP_DIR = "/tmp";
  private static final String PREFIX = "metarag.trainer.kubernetes.";
  private static final String RUNTIME_DEFAULT = "RuntimeDefault";

  private final TrainerConfig.PodSecurity pod;
  private final String cacheDir;
  private final Optional<Quantity> cacheSizeLimit;
  private final Optional<Quantity> tmpSizeLimit;

  /**
   * @throws InvalidSettingException naming the first bad setting
   */
  WorkerPodSecurity(TrainerConfig.Kubernetes config) {
    this.pod = config.podSecurity();
    pod.runAsUser()
        .ifPresent(
            uid ->
                require(
                    uid > 0,
                    "pod-security.run-as-user",
                    "must be a user other than root (0), got " + uid));
    pod.runAsGroup()
        .ifPresent(gid -> require(gid >= 0, "pod-security.run-as-group", "must not be negative"));
    pod.fsGroup()
        .ifPresent(gid -> require(gid >= 0, "pod-security.fs-group", "must not be negative"));
    this.cacheDir = cacheDir(config);
    this.cacheSizeLimit = sizeLimit("cache-size-limit", config.cacheSizeLimit());
    this.tmpSizeLimit = sizeLimit("tmp-size-limit", config.tmpSizeLimit());
  }

  PodSecurityContext podContext() {
    PodSecurityContextBuilder b =
        new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(pod.runAsUser().orElse(null))
            .withRunAsGroup(pod.runAsGroup().orElse(null))
            .withNewSeccompProfile()
            .withType(RUNTIME_DEFAULT)
            .endSeccompProfile();
    pod.fsGroup()
        .ifPresent(
            // Without OnRootMismatch the kubelet would chown the whole shared claim at each start.
            gid -> b.withFsGroup(gid).withFsGroupChangePolicy("OnRootMismatch"));
    return b.build();
  }

  SecurityContext containerContext() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withReadOnlyRootFilesystem(pod.readOnlyRootFilesystem())
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType(RUNTIME_DEFAULT)
        .endSeccompProfile()
        .build();
  }

  List<Volume> volumes() {
    return List.of(emptyDir(TMP_VOLUME, tmpSizeLimit), emptyDir(CACHE_VOLUME, cacheSizeLimit));
  }

  List<VolumeMount> mounts() {
    return List.of(
        new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath(TMP_DIR).build(),
        new VolumeMountBuilder().withName(CACHE_VOLUME).withMountPath(cacheDir).build());
  }

  /** DJL's cache variables, pointing at the cache volume whatever the image says. */
  Map<String, String> env() {
    return Map.of("DJL_CACHE_DIR", cacheDir, "ENGINE_CACHE_DIR", cacheDir);
  }

  private static Volume emptyDir(String name, Optional<Quantity> sizeLimit) {
    EmptyDirVolumeSource source =
        new EmptyDirVolumeSourceBuilder().withSizeLimit(sizeLimit.orElse(null)).build();
    return new VolumeBuilder().withName(name).withEmptyDir(source).build();
  }

  private static String cacheDir(TrainerConfig.Kubernetes config) {
    String dir = config.cacheDir();
    Path path = Path.of(dir);
    require(
        path.isAbsolute() && !path.equals(path.getRoot()),
        "cache-dir",
        "must be an absolute directory other than /, got " + dir);
    Path normal = path.normalize();
    Path tmp = Path.of(TMP_DIR);
    Path claim = Path.of(config.mountPath()).normalize();
    require(
        !normal.startsWith(tmp) && !tmp.startsWith(normal),
        "cache-dir",
        "must not be or contain " + TMP_DIR + " (its own volume), got " + dir);
    require(
        !normal.startsWith(claim) && !claim.startsWith(normal),
        "cache-dir",
        "must not be on or above the shared claim's mount path "
            + config.mountPath()
            + " (metarag.trainer.kubernetes.mount-path), got "
            + dir);
    return normal.toString();
  }

  private static Optional<Quantity> sizeLimit(String key, Optional<String> value) {
    value.ifPresent(
        v ->
            require(
                KubernetesSyntax.quantity(v),
                key,
                "not a Kubernetes quantity such as 2Gi (empty: no limit), got " + v));
    return value.map(Quantity::new);
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new InvalidSettingException(PREFIX + key, problem);
    }
  }
}
