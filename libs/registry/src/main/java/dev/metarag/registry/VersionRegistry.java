package dev.metarag.registry;

import static dev.metarag.registry.RegistryException.failedPrecondition;
import static dev.metarag.registry.RegistryException.invalid;
import static dev.metarag.registry.RegistryException.notFound;
import static dev.metarag.registry.VersionIds.BASE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metarag.registry.ListingOrder.Place;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * The model version registry: one directory shared by the services that register, promote and serve
 * model versions.
 *
 * <ul>
 *   <li>{@code <root>/<version>/}: a model package whose manifest carries a {@link Registration};
 *       directories starting with '.' are unfinished writes or deletions and are never read
 *   <li>{@code <root>/_domains/<domain>.json}: the domain's active version, activation times,
 *       promotion history and last version number ({@code _theta0.json} and {@code _general.json}:
 *       the numberings of theta0 and general versions, which belong to no domain)
 * </ul>
 *
 * <p>Every change of state is one atomic file write (or one directory rename), so a new registry on
 * the same root sees exactly the changes whose calls returned. Reservations, promotions, rollbacks
 * and deletions of one domain are serialised by a lock per domain; that lock lives in this object,
 * so <b>one writing process per root is assumed</b> (a single adapter replica). Any number of
 * processes may read.
 *
 * <p>Refused requests throw {@link RegistryException}; unreadable registry files throw {@link
 * CorruptRegistryException}; I/O failures throw {@link java.io.UncheckedIOException}.
 */
public final class VersionRegistry {
  private static final Logger LOG = Logger.getLogger(VersionRegistry.class);

  private final Path root;
  private final Clock clock;
  private final PackageStore packages;
  private final DomainStateStore states;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public VersionRegistry(Path root) {
    this(root, Clock.systemUTC());
  }

  /**
   * Opens the registry for a service that writes it (the adapter, the meta-trainer), after removing
   * what writers that died left in it: staging directories of packages they were writing and
   * packages they were deleting. A directory whose writer is alive, in this process or another one
   * sharing the volume, is kept ({@link dev.metarag.inference.files.StagingDirectory}).
   */
  public static VersionRegistry openForWriting(Path root) {
    VersionRegistry registry = new VersionRegistry(root);
    for (Path left : registry.packages.removeAbandoned()) {
      LOG.infof("removed %s, left by a write or deletion that did not finish", left);
    }
    return registry;
  }

  /** With the clock that stamps activation times. */
  public VersionRegistry(Path root, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.clock = clock;
    this.packages = new PackageStore(this.root);
    this.states = new DomainStateStore(this.root);
  }

  /**
   * The registration object a package's manifest must carry under {@value Registration#FIELD} to be
   * a version of this registry.
   *
   * @param domain "" for THETA0 and GENERAL
   * @param details free JSON owned by the registering service (lineage, metrics, description); may
   *     be null
   * @throws IllegalArgumentException when the version id does not fit the kind and domain
   */
  public static ObjectNode registration(
      String version,
      String domain,
      VersionKind kind,
      String parentVersion,
      long createdAtMillis,
      JsonNode details) {
    return new Registration(version, domain, kind, parentVersion, createdAtMillis, details)
        .toJson();
  }

  public Path root() {
    return root;
  }

  /** Where a version's package lives, or is to be written after a reservation. */
  public Path path(String version) {
    return packages.path(version);
  }

  /** Any version by id: "base", a theta0, a general version or an adapted version of any domain. */
  public Optional<RegisteredVersion> find(String version) {
    if (BASE.equals(version)) {
      return Optional.of(RegisteredVersion.base());
    }
    return packages.read(version).map(v -> withState(v, stateOf(v.domain())));
  }

  /**
   * A version of a domain ("" for base, theta0 and general versions).
   *
   * @throws RegistryException NOT_FOUND when it does not exist or belongs to another domain
   */
  public RegisteredVersion get(String domain, String version) {
    VersionIds.requireDomainOrNone(domain);
    RegisteredVersion v =
        find(version)
            .orElseThrow(
                () ->
                    notFound(
                        "model version "
                            + VersionIds.quote(version)
                            + " does not exist in "
                            + describe(domain)
                            + "; list its versions to see which do"));
    if (!v.domain().equals(domain)) {
      throw notFound(
          "model version "
              + VersionIds.quote(version)
              + " belongs to "
              + describe(v.domain())
              + ", not to "
              + describe(domain)
              + "; ask for it there");
    }
    return v;
  }

  /**
   * All versions of a domain in listing order: its ADAPTED versions, newest first; for "" the
   * THETA0 versions newest first, then the GENERAL versions newest first, then BASE, so that the
   * first one is the {@link #defaultStartingPoint}. An unknown domain has none.
   */
  public List<RegisteredVersion> list(String domain) {
    return list(domain, Integer.MAX_VALUE, "").versions();
  }

  /**
   * One page of {@link #list(String)}.
   *
   * @param pageToken "" for the first page, otherwise the previous page's {@code nextPageToken}
   *     (the last version id it held; a version's place in the order depends on its id alone, so
   *     the next page holds what comes after it even when versions are added or deleted)
   * @throws RegistryException INVALID for a page size below 1 or a token that is no version id of
   *     this listing
   */
  public VersionPage list(String domain, int pageSize, String pageToken) {
    VersionIds.requireDomainOrNone(domain);
    if (pageSize < 1) {
      throw invalid("page size must be at least 1, not " + pageSize);
    }
    Optional<Place> token = pageToken(domain, pageToken);
    DomainState state = stateOf(domain);
    List<RegisteredVersion> found = new ArrayList<>();
    for (Place candidate : ListingOrder.places(domain, packages.directoryNames())) {
      if (token.isPresent() && !ListingOrder.after(candidate, token.get())) {
        continue;
      }
      Optional<RegisteredVersion> v =
          BASE.equals(candidate.version())
              ? Optional.of(RegisteredVersion.base())
              : packages.read(candidate.version()).filter(r -> r.domain().equals(domain));
      v.ifPresent(r -> found.add(withState(r, state)));
      if (found.size() > pageSize) {
        break; // one more than asked: there is a next page
      }
    }
    if (found.size() <= pageSize) {
      return new VersionPage(found, "");
    }
    List<RegisteredVersion> page = found.subList(0, pageSize);
    return new VersionPage(page, page.get(pageSize - 1).version());
  }

  /** The theta0 with the highest number, if there is one. */
  public Optional<RegisteredVersion> newestTheta0() {
    return newest(VersionKind.THETA0);
  }

  /** The general version with the highest number, if there is one. */
  public Optional<RegisteredVersion> newestGeneral() {
    return newest(VersionKind.GENERAL);
  }

  /**
   * The version to start from when none is named: the newest theta0, else the newest general
   * version, else base; the first version {@link #list(String)} gives for "". The adapter adapts
   * from it when a request names no base, and the generator serves it to domains without an active
   * version.
   */
  public RegisteredVersion defaultStartingPoint() {
    return list("", 1, "").versions().get(0); // never empty: base is always listed
  }

  /** Whether the registry has versions or state of the domain. */
  public boolean knowsDomain(String domain) {
    VersionIds.requireDomain(domain);
    return states.exists(domain)
        || packages.directoryNames().stream()
            .anyMatch(name -> VersionIds.adaptedNumber(domain, name) > 0);
  }

  /** The version the domain serves; empty when it serves the default model. */
  public Optional<String> activeVersion(String domain) {
    return stateOf(VersionIds.requireDomain(domain)).active();
  }

  /** The versions that were active before the current one, oldest first. */
  public List<String> promotionHistory(String domain) {
    return stateOf(VersionIds.requireDomain(domain)).history();
  }

  /**
   * The domain's next version id. The number is written to the domain's state before it is
   * returned, so it is never handed out again, even after a crash or the version's deletion. The
   * caller then writes the package to {@link #path(String)} with a {@link #registration}.
   */
  public String reserveAdaptedVersion(String domain) {
    VersionIds.requireDomain(domain);
    return locked(
        domain,
        () ->
            VersionIds.adapted(
                domain, reserveNumber(domain, name -> VersionIds.adaptedNumber(domain, name))));
  }

  /**
   * The next theta0 version id ({@code theta0-<highest + 1>}), reserved as {@link
   * #reserveAdaptedVersion}.
   */
  public String reserveTheta0Version() {
    return locked("", () -> VersionIds.theta0(reserveNumber("", VersionIds::theta0Number)));
  }

  /**
   * The next general version id ({@code general-<highest + 1>}), reserved as {@link
   * #reserveAdaptedVersion}; its numbering is its own, kept in {@code _domains/_general.json}.
   */
  public String reserveGeneralVersion() {
    return locked(
        "",
        () ->
            VersionIds.general(
                reserveNumber(DomainStateStore.GENERAL_NUMBERING, VersionIds::generalNumber)));
  }

  /**
   * Makes an ADAPTED version of the domain its active one. Promoting the active version changes
   * nothing (and does not call the hook). Otherwise {@code hook} runs first; the previous active
   * version goes on the promotion history.
   *
   * @throws RegistryException NOT_FOUND for an unknown version or one of another domain; INVALID
   *     for a BASE, THETA0 or GENERAL version
   */
  public PromoteResult promote(String domain, String version, SwapHook hook) {
    VersionIds.requireDomain(domain);
    return locked(
        domain,
        () -> {
          RegisteredVersion target = promotable(domain, version);
          DomainState state = states.load(domain);
          Optional<String> previous = state.active();
          if (state.isActive(version)) {
            return new PromoteResult(withState(target, state), previous, false);
          }
          long now = clock.millis();
          RegisteredVersion active = target.withActivation(true, now);
          hook.beforeCommit(Optional.of(active));
          states.save(domain, state.promoted(version, now));
          return new PromoteResult(active, previous, true);
        });
  }

  /**
   * Makes the version that was active before the current one active again, skipping versions
   * deleted since; when there is none the domain goes back to the default model. {@code hook} runs
   * first, with the new active version or empty.
   *
   * @throws RegistryException NOT_FOUND for an unknown domain; FAILED_PRECONDITION when the domain
   *     has no active version
   */
  public RollbackResult rollback(String domain, SwapHook hook) {
    VersionIds.requireDomain(domain);
    return locked(
        domain,
        () -> {
          if (!knowsDomain(domain)) {
            throw notFound(
                "domain " + VersionIds.quote(domain) + " has no versions in the registry");
          }
          DomainState state = states.load(domain);
          String current =
              state
                  .active()
                  .orElseThrow(
                      () ->
                          failedPrecondition(
                              "domain "
                                  + VersionIds.quote(domain)
                                  + " serves the default model already; there is no promotion"
                                  + " to roll back (promote a version instead)"));
          List<String> remaining = new ArrayList<>(state.history());
          Optional<RegisteredVersion> next = Optional.empty();
          while (next.isEmpty() && !remaining.isEmpty()) {
            String candidate = remaining.remove(remaining.size() - 1);
            if (!candidate.equals(current)) {
              next = packages.read(candidate).filter(v -> v.domain().equals(domain));
            }
          }
          long now = clock.millis();
          Optional<RegisteredVersion> active = next.map(v -> v.withActivation(true, now));
          hook.beforeCommit(active);
          states.save(
              domain,
              state.rolledBack(
                  active.map(RegisteredVersion::version).orElse(null), remaining, now));
          return new RollbackResult(active, current);
        });
  }

  /**
   * Deletes a version's package and its place in the promotion history. Versions adapted from it
   * keep their lineage.
   *
   * @param domain the version's domain; "" for a THETA0 or GENERAL version
   * @param inUse whether a running adaptation or meta-training job starts from the version
   * @throws RegistryException FAILED_PRECONDITION for BASE, the active version or a version in use;
   *     NOT_FOUND for an unknown version or one of another domain
   */
  public DeleteResult delete(String domain, String version, Predicate<String> inUse) {
    VersionIds.requireDomainOrNone(domain);
    if (BASE.equals(version)) {
      throw failedPrecondition(
          "the base model cannot be deleted: every domain can fall back to it");
    }
    return locked(
        domain,
        () -> {
          RegisteredVersion doomed = get(domain, version);
          DomainState state = stateOf(domain);
          if (state.isActive(version)) {
            throw failedPrecondition(
                "model version "
                    + VersionIds.quote(version)
                    + " is the active version of domain '"
                    + domain
                    + "'; promote another version or roll back before deleting it");
          }
          if (inUse.test(version)) {
            throw failedPrecondition(
                "model version "
                    + VersionIds.quote(version)
                    + " is in use: a running adaptation or meta-training job starts from it;"
                    + " delete it when that has finished or been cancelled");
          }
          // The rename inside remove() is the commit; a crash before the state is cleaned leaves a
          // history entry of a missing version, which rollback skips.
          long freed = packages.remove(version);
          if (!domain.isEmpty()) {
            states.save(domain, state.without(version));
          }
          return new DeleteResult(doomed, freed);
        });
  }

  private RegisteredVersion promotable(String domain, String version) {
    RegisteredVersion v =
        packages
            .read(version)
            .or(
                () ->
                    BASE.equals(version) ? Optional.of(RegisteredVersion.base()) : Optional.empty())
            .orElseThrow(
                () ->
                    notFound(
                        "model version "
                            + VersionIds.quote(version)
                            + " does not exist; list the versions of domain '"
                            + domain
                            + "' to see which can be promoted"));
    if (v.kind() != VersionKind.ADAPTED) {
      throw invalid(
          "model version "
              + VersionIds.quote(version)
              + " is a "
              + v.kind()
              + " version; only ADAPTED versions of domain "
              + VersionIds.quote(domain)
              + " can be promoted (adapt it to the domain first)");
    }
    if (!v.domain().equals(domain)) {
      throw notFound(
          "model version "
              + VersionIds.quote(version)
              + " belongs to domain '"
              + v.domain()
              + "', not to domain "
              + VersionIds.quote(domain));
    }
    return v;
  }

  /**
   * Hands out max(last number handed out, highest number on disk) + 1, persisted first.
   *
   * @param stateKey a domain, "" for the theta0 numbering or {@link
   *     DomainStateStore#GENERAL_NUMBERING}
   */
  private long reserveNumber(String stateKey, ToLongFunction<String> numberOf) {
    DomainState state = states.load(stateKey);
    long onDisk = packages.directoryNames().stream().mapToLong(numberOf).max().orElse(0);
    long next = Math.max(state.lastNumber(), onDisk) + 1;
    states.save(stateKey, state.withLastNumber(next));
    return next;
  }

  /** The registered version of that kind of no domain with the highest number. */
  private Optional<RegisteredVersion> newest(VersionKind kind) {
    for (Place candidate : ListingOrder.places("", packages.directoryNames())) {
      if (candidate.kind() == kind) {
        Optional<RegisteredVersion> v =
            packages.read(candidate.version()).filter(r -> r.domain().isEmpty());
        if (v.isPresent()) {
          return v;
        }
      }
    }
    return Optional.empty();
  }

  /** Where the page token stands in the domain's listing; empty for the first page. */
  private static Optional<Place> pageToken(String domain, String pageToken) {
    if (pageToken == null || pageToken.isEmpty()) {
      return Optional.empty();
    }
    Optional<Place> place = ListingOrder.place(domain, pageToken);
    if (place.isEmpty()) {
      throw invalid(
          "page token "
              + VersionIds.quote(pageToken)
              + " is malformed for "
              + describe(domain)
              + ": pass the next page token of the previous page unchanged");
    }
    return place;
  }

  private DomainState stateOf(String domain) {
    return domain.isEmpty() ? DomainState.EMPTY : states.load(domain);
  }

  private static RegisteredVersion withState(RegisteredVersion v, DomainState state) {
    if (v.kind() != VersionKind.ADAPTED) {
      return v;
    }
    return v.withActivation(state.isActive(v.version()), state.activatedAt(v.version()));
  }

  private static String describe(String domain) {
    return domain.isEmpty()
        ? "no domain (base, theta0 and general versions)"
        : "domain " + VersionIds.quote(domain);
  }

  private <T> T locked(String domain, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(domain, d -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
