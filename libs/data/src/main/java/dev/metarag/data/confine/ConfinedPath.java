package dev.metarag.data.confine;

import java.nio.file.Path;

/**
 * A caller's path after {@link ConfinedRoots} let it through.
 *
 * @param path the real path (symbolic links resolved) when the file exists, else the normalised
 *     absolute path; open this one, not the caller's string
 * @param root the root it lies under
 * @param relative the path below the root, as messages show it
 * @param exists whether there is a file or folder at {@code path}
 */
public record ConfinedPath(Path path, ConfinedRoot root, Path relative, boolean exists) {

  /** How messages name it: {@code covidqa/dev.json under metarag.adapter.data-root}. */
  public String describe() {
    String below = relative.toString().isEmpty() ? "the top" : relative.toString();
    return below + " under " + root.setting();
  }
}
