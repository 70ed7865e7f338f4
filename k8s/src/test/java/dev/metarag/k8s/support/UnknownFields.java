package dev.metarag.k8s.support;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields the Kubernetes model does not know (fabric8 keeps them aside as "additional
 * properties" instead of failing): a misspelt or misplaced field in a template, which the API
 * server would reject or silently drop.
 */
public final class UnknownFields {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  /** Paths such as "Deployment/x: spec.template.spec.containers[0].imagePullPolcy". */
  public static List<String> in(HasMetadata object) {
    List<String> found = new ArrayList<>();
    if (!(object instanceof GenericKubernetesResource)) {
      walk(object, "", found);
    }
    String owner = object.getKind() + "/" + object.getMetadata().getName() + ": ";
    return found.stream().map(path -> owner + path).toList();
  }

  private static void walk(Object node, String path, List<String> found) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
      return;
    }
    if (!node.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (!isPropertyGetter(getter)) {
        continue;
      }
      Object value = invoke(getter, node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
        }
      } else {
        walk(value, join(path, property(getter)), found);
      }
    }
  }

  private static boolean isPropertyGetter(Method m) {
    return m.getName().startsWith("get")
        && m.getParameterCount() == 0
        && !Modifier.isStatic(m.getModifiers())
        && !m.getName().equals("getClass")
        && m.getDeclaringClass().getPackageName().startsWith(MODEL_PACKAGE);
  }

  private static Object invoke(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(getter + " failed", e);
    }
  }

  private static String property(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String join(String path, String property) {
    return path.isEmpty() ? property : path + "." + property;
  }
}
