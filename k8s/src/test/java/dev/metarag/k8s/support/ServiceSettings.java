package dev.metarag.k8s.support;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a service would read from the configuration the chart gives its pod: the container's
 * environment (ConfigMaps by envFrom, then env, as the kubelet merges them) and a mounted
 * config/application.properties, bound to the service's own {@code @ConfigMapping} interface with
 * SmallRye Config, the configuration library Quarkus runs on, and Quarkus' duration converter. A
 * misspelt variable name leaves the mapping's default in place, which the tests then see.
 */
public final class ServiceSettings {
  /** Quarkus reads config/application.properties from the working directory (the image's). */
  public static final String CONFIG_DIR = "/deployments/config";

  private ServiceSettings() {}

  /** The container's environment; downward-API namespace references resolve to the pod's. */
  public static Map<String, String> environment(Manifests manifests, Deployment deployment) {
    Container c = container(deployment);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
      if (from.getConfigMapRef() != null) {
        ConfigMap map = manifests.configMap(from.getConfigMapRef().getName());
        env.putAll(Optional.ofNullable(map.getData()).orElse(Map.of()));
      }
    }
    for (EnvVar var : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom() != null
          && var.getValueFrom().getFieldRef() != null
          && "metadata.namespace".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
        env.put(var.getName(), deployment.getMetadata().getNamespace());
      }
    }
    return env;
  }

  /** The service's settings as its configuration mapping. */
  public static <T> T bind(Manifests manifests, Deployment deployment, Class<T> mapping) {
    SmallRyeConfigBuilder builder =
        new SmallRyeConfigBuilder()
            .withSources(
                new EnvConfigSource(new HashMap<>(environment(manifests, deployment)), 300))
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(mapping);
    mountedProperties(manifests, deployment)
        .ifPresent(
            p ->
                builder.withSources(
                    new PropertiesConfigSource(p, "config/application.properties", 260)));
    SmallRyeConfig config = builder.build();
    return config.getConfigMapping(mapping);
  }

  public static Container container(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    if (containers.size() != 1) {
      throw new IllegalStateException(
          deployment.getMetadata().getName() + " has " + containers.size() + " containers");
    }
    return containers.getFirst();
  }

  private static Optional<Map<String, String>> mountedProperties(
      Manifests manifests, Deployment deployment) {
    Optional<VolumeMount> mount =
        Optional.ofNullable(container(deployment).getVolumeMounts()).orElse(List.of()).stream()
            .filter(m -> CONFIG_DIR.equals(m.getMountPath()))
            .findFirst();
    if (mount.isEmpty()) {
      return Optional.empty();
    }
    Volume volume =
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.get().getName()))
            .findFirst()
            .orElseThrow();
    ConfigMap map = manifests.configMap(volume.getConfigMap().getName());
    String text = map.getData().get("application.properties");
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text == null ? "" : text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    properties.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    return Optional.of(out);
  }
}
