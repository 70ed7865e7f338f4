package dev.metarag.data.confine;

/**
 * A caller's path that {@link ConfinedRoots} refused: outside every root, climbing with "..", led
 * out by a symbolic link, or not a path at all. The message names the settings of the roots and
 * never the server's directories or any file's content.
 */
public final class PathOutsideRootsException extends RuntimeException {
  public PathOutsideRootsException(String message) {
    super(message);
  }
}
