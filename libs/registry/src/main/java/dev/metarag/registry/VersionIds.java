package dev.metarag.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes of domain names and version ids, and the numbers inside version ids: {@code base},
 * {@code theta0-<n>}, {@code general-<n>} and {@code <domain>-v<n>}, n from 1 without leading zeros
 * (so every number has exactly one id). A domain may be called "theta0" or "general": its versions
 * are {@code general-v<n>}, which no general id matches.
 */
public final class VersionIds {
  /** The pretrained model's version id. */
  public static final String BASE = "base";

  /** Domain names are retriever collection names. */
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private static final Pattern THETA0 = Pattern.compile("theta0-([1-9][0-9]{0,17})");
  private static final Pattern GENERAL = Pattern.compile("general-([1-9][0-9]{0,17})");
  private static final Pattern ADAPTED_SUFFIX = Pattern.compile("-v([1-9][0-9]{0,17})");

  /** Package directory names; '.' (staging) and '_' (registry state) never start one. */
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private VersionIds() {}

  public static boolean isDomain(String name) {
    return name != null && DOMAIN.matcher(name).matches();
  }

  /** Returns the domain if it is a valid collection name, otherwise throws INVALID. */
  public static String requireDomain(String domain) {
    if (!isDomain(domain)) {
      throw RegistryException.invalid(
          "domain "
              + quote(domain)
              + " is invalid: use 1 to 64 characters of a-z, 0-9, '_' and '-', starting with a"
              + " letter or digit (the name of the domain's retriever collection)");
    }
    return domain;
  }

  /**
   * Like {@link #requireDomain} but also accepts "", the no-domain of base, theta0 and general
   * versions.
   */
  public static String requireDomainOrNone(String domain) {
    return "".equals(domain) ? domain : requireDomain(domain);
  }

  /**
   * A caller's name as a message quotes it: in single quotes, cut after 80 characters with its
   * length said, so that a message never carries a huge request field back (the services' status
   * messages travel in HTTP/2 trailers). As the services' Quoted does; the registry stays free of
   * their gRPC library.
   */
  public static String quote(String value) {
    if (value.length() <= 80) {
      return "'" + value + "'";
    }
    return "'" + value.substring(0, 80) + "...' (" + value.length() + " characters)";
  }

  /** Whether the name can be a package directory of the registry. */
  public static boolean isVersionId(String name) {
    return name != null && VERSION.matcher(name).matches();
  }

  public static String theta0(long number) {
    return "theta0-" + number;
  }

  public static String general(long number) {
    return "general-" + number;
  }

  public static String adapted(String domain, long number) {
    return requireDomain(domain) + "-v" + number;
  }

  /** The n of {@code theta0-<n>}; 0 when the id is no theta0 id. */
  public static long theta0Number(String id) {
    Matcher m = THETA0.matcher(id);
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  /** The n of {@code general-<n>}; 0 when the id is no general id. */
  public static long generalNumber(String id) {
    Matcher m = GENERAL.matcher(id);
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  /** The n of {@code <domain>-v<n>}; 0 when the id is no version id of that domain. */
  public static long adaptedNumber(String domain, String id) {
    if (!id.startsWith(domain)) {
      return 0;
    }
    Matcher m = ADAPTED_SUFFIX.matcher(id.substring(domain.length()));
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }
}
