package dev.metarag.registry;

import static dev.metarag.registry.VersionIds.BASE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The order of the registry's listings. A domain lists its ADAPTED versions by number, highest
 * first. The no-domain "" lists its THETA0 versions highest first, then its GENERAL versions
 * highest first, then BASE: the order of preference of the default starting point ({@link
 * VersionRegistry#defaultStartingPoint}), so the first version listed is that one.
 *
 * <p>A version's place follows from its id alone, so a page token (the last id of a page) keeps its
 * meaning while versions are added or deleted: the next page holds what comes after that place.
 */
final class ListingOrder {
  /** Where a version id stands in a listing. */
  record Place(String version, VersionKind kind, long number) {}

  /** Group first (theta0s and adapted versions, generals, base), then number, highest first. */
  static final Comparator<Place> ORDER =
      Comparator.comparingInt((Place p) -> group(p.kind()))
          .thenComparing(Place::number, Comparator.reverseOrder());

  private ListingOrder() {}

  /** The place of an id in the domain's listing; empty when that listing cannot hold the id. */
  static Optional<Place> place(String domain, String version) {
    if (!domain.isEmpty()) {
      long n = VersionIds.adaptedNumber(domain, version);
      return n > 0 ? Optional.of(new Place(version, VersionKind.ADAPTED, n)) : Optional.empty();
    }
    if (BASE.equals(version)) {
      return Optional.of(new Place(BASE, VersionKind.BASE, 0));
    }
    long theta0 = VersionIds.theta0Number(version);
    if (theta0 > 0) {
      return Optional.of(new Place(version, VersionKind.THETA0, theta0));
    }
    long general = VersionIds.generalNumber(version);
    return general > 0
        ? Optional.of(new Place(version, VersionKind.GENERAL, general))
        : Optional.empty();
  }

  /**
   * The places of the domain's listing among the registry's directory names, in listing order; for
   * "" with BASE, which has no directory, last.
   */
  static List<Place> places(String domain, List<String> directoryNames) {
    List<Place> out = new ArrayList<>();
    for (String name : directoryNames) {
      place(domain, name).ifPresent(out::add);
    }
    if (domain.isEmpty()) {
      out.add(new Place(BASE, VersionKind.BASE, 0));
    }
    out.sort(ORDER);
    return out;
  }

  /** Whether {@code place} is listed after {@code token}. */
  static boolean after(Place place, Place token) {
    return ORDER.compare(place, token) > 0;
  }

  private static int group(VersionKind kind) {
    return switch (kind) {
      case THETA0, ADAPTED -> 0;
      case GENERAL -> 1;
      case BASE -> 2;
    };
  }
}
