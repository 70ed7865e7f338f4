package dev.metarag.registry;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextPageToken pass to the next call for the following page; "" on the last page
 */
public record VersionPage(List<RegisteredVersion> versions, String nextPageToken) {
  public VersionPage {
    versions = List.copyOf(versions);
  }
}
