package dev.metarag.trainer.executor.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes names and label values derived from MetaRAG job ids. A Job's name must be a DNS-1123
 * label of at most 63 characters (its pods carry it as a label value); ids that do not fit as they
 * are get a short hash of the id, so that two ids never share a name.
 */
final class JobNames {
  static final int MAX_LENGTH = 63;
  private static final String PREFIX = "metarag-";
  private static final int HASH_LENGTH = 8;
  private static final Pattern LABEL_VALUE =
      Pattern.compile("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");

  private JobNames() {}

  /** The Kubernetes Job name of a job: {@code metarag-<id>}, made DNS-1123 safe. */
  static String jobName(String jobId) {
    String cleaned = clean(jobId);
    String name = PREFIX + cleaned;
    boolean lossless = cleaned.equals(jobId) && !cleaned.isEmpty();
    if (lossless && name.length() <= MAX_LENGTH) {
      return name;
    }
    String suffix = "-" + hash(jobId);
    String head = name.substring(0, Math.min(name.length(), MAX_LENGTH - suffix.length()));
    return trimDashes(head) + suffix;
  }

  /** The value of the job-id label: the id itself when it is a valid label value. */
  static String labelValue(String jobId) {
    return LABEL_VALUE.matcher(jobId).matches() && !jobId.isEmpty() ? jobId : jobName(jobId);
  }

  private static String clean(String id) {
    String lower = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    return trimDashes(lower.replaceAll("-{2,}", "-"));
  }

  private static String trimDashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '-') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '-') {
      to--;
    }
    return s.substring(from, to);
  }

  private static String hash(String id) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
