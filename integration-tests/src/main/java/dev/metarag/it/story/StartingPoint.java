package dev.metarag.it.story;

import dev.metarag.proto.v1.ModelKind;
import dev.metarag.proto.v1.ModelVersion;
import java.util.List;

/**
 * The version an adaptation starts from, as the demo tells it, and what to do when that is the
 * untrained base. With no base version named, Adapt starts from the newest theta0, else the newest
 * general reader, else base: the first version of the adapter's no-domain listing, which lists them
 * in that order.
 */
public final class StartingPoint {
  /** The untrained model: pretrained MiniLM with fresh reader heads. */
  public static final String BASE = "base";

  private static final String UNTRAINED =
      "MiniLM with random reader heads, which abstain on nearly every question until adapted";

  private StartingPoint() {}

  /**
   * @param requested the base version the demo asks for; empty for the adapter's default
   * @param noDomainVersions the adapter's listing of the versions of no domain (ListVersions with
   *     an empty domain), in its order
   */
  public static String of(String requested, List<ModelVersion> noDomainVersions) {
    if (!requested.isEmpty()) {
      return requested;
    }
    return noDomainVersions.isEmpty() ? BASE : noDomainVersions.get(0).getVersion();
  }

  /**
   * The demo's adaptation rate from {@code version} (heads only, ten steps). Base's span heads are
   * random and need large steps; a trained reader's heads are close already, and large steps undo
   * them: from general-1 the held-out F1 went 0.890 to 0.880 at 0.5 and to 0.946 at 0.05
   * (benchmarks/results/demo-general-reader.md).
   */
  public static double demoAdaptationRate(String version) {
    return BASE.equals(version) ? 0.5 : 0.05;
  }

  /**
   * What to tell the user about starting from {@code version}: nothing unless it is base; how to
   * get the general reader when none is registered.
   */
  public static List<String> advice(String version, List<ModelVersion> noDomainVersions) {
    if (!BASE.equals(version)) {
      return List.of();
    }
    boolean generalRegistered =
        noDomainVersions.stream().anyMatch(v -> v.getKind() == ModelKind.MODEL_KIND_GENERAL);
    if (generalRegistered) {
      return List.of("base is the untrained model: " + UNTRAINED);
    }
    return List.of(
        "only the untrained base model is registered: " + UNTRAINED,
        "train the general reader on SQuAD with ./metarag pretrain (about 150 minutes on 2 cores);"
            + " once it is registered, adaptations and the generator's default model start from it");
  }
}
