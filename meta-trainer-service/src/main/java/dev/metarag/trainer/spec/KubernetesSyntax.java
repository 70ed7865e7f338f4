package dev.metarag.trainer.spec;

import java.util.regex.Pattern;

/** What the Kubernetes API server accepts as names, labels, quantities and image references. */
public final class KubernetesSyntax {
  private static final Pattern QUANTITY =
      Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String PREFIX = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";
  private static final Pattern QUALIFIED_NAME = Pattern.compile("^(" + PREFIX + "/)?" + NAME + "$");
  private static final Pattern PREFIXED_NAME = Pattern.compile("^" + PREFIX + "/" + NAME + "$");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^" + PREFIX + "$");
  private static final Pattern LABEL_VALUE = Pattern.compile("^(" + NAME + ")?$");

  private KubernetesSyntax() {}

  /** A resource quantity such as {@code 4}, {@code 3500m} or {@code 16Gi}. */
  public static boolean quantity(String s) {
    return QUANTITY.matcher(s).matches();
  }

  /** A namespace name (DNS-1123 label). */
  public static boolean dnsLabel(String s) {
    return DNS_LABEL.matcher(s).matches();
  }

  /** A service account or other object name (DNS-1123 subdomain). */
  public static boolean dnsSubdomain(String s) {
    return DNS_SUBDOMAIN.matcher(s).matches();
  }

  /** A label key or annotation key: an optional DNS prefix and a name. */
  public static boolean qualifiedName(String s) {
    return QUALIFIED_NAME.matcher(s).matches();
  }

  /** An extended resource name, which needs a domain prefix: {@code nvidia.com/gpu}. */
  public static boolean extendedResourceName(String s) {
    return PREFIXED_NAME.matcher(s).matches() && !s.startsWith("kubernetes.io/");
  }

  /** A label value: empty, or up to 63 characters of [A-Za-z0-9_.-] starting and ending alnum. */
  public static boolean labelValue(String s) {
    return LABEL_VALUE.matcher(s).matches();
  }

  /** An image reference with a digest, or with a tag that is not {@code latest}. */
  public static boolean pinnedImage(String image) {
    if (image.contains("@sha256:")) {
      return true;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash && !image.substring(colon + 1).equals("latest");
  }
}
