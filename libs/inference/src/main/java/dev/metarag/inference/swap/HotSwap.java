package dev.metarag.inference.swap;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Holds a resource that can be replaced while requests use it.
 *
 * <p>Callers {@link #acquire()} a lease for the duration of one request. {@link #swap} installs a
 * new resource at once; the old one is closed when its last lease is released, so no request ever
 * sees a closed resource and none waits for a swap.
 *
 * @param <T> the resource, such as an ONNX Runtime session wrapper
 */
public final class HotSwap<T> implements AutoCloseable {
  private final AtomicReference<Counted<T>> current;
  private final Consumer<T> closer;

  public HotSwap(T initial, Consumer<T> closer) {
    this.closer = closer;
    this.current = new AtomicReference<>(new Counted<>(initial, closer));
  }

  /** A lease on the current resource; close it when the request is done. */
  public Lease<T> acquire() {
    while (true) {
      Counted<T> c = current.get();
      if (c.tryRetain()) {
        return new Lease<>(c);
      }
      // Lost a race with a swap that released the last reference: read the new one.
    }
  }

  /** The resource requests start with now, without a lease (for descriptions, not for use). */
  public T peek() {
    return current.get().value;
  }

  /** Installs {@code next}; the previous resource closes once its leases are released. */
  public void swap(T next) {
    Counted<T> previous = current.getAndSet(new Counted<>(next, closer));
    previous.release();
  }

  /** Releases the holder's own reference; the resource closes after its last lease. */
  @Override
  public void close() {
    current.get().release();
  }

  /** A resource with its count of holders: the slot itself plus one per lease. */
  static final class Counted<T> {
    final T value;
    private final Consumer<T> closer;
    private final AtomicInteger references = new AtomicInteger(1);

    Counted(T value, Consumer<T> closer) {
      this.value = value;
      this.closer = closer;
    }

    boolean tryRetain() {
      while (true) {
        int r = references.get();
        if (r == 0) {
          return false;
        }
        if (references.compareAndSet(r, r + 1)) {
          return true;
        }
      }
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        closer.accept(value);
      }
    }
  }

  /** Use of a resource by one request. */
  public static final class Lease<T> implements AutoCloseable {
    private final Counted<T> counted;
    private boolean released;

    Lease(Counted<T> counted) {
      this.counted = counted;
    }

    public T get() {
      return counted.value;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        counted.release();
      }
    }
  }
}
