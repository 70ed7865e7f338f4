package dev.metarag.inference.model;

/** A model package is missing a file, has a corrupt one, or has an unreadable manifest. */
public class InvalidModelPackageException extends IllegalArgumentException {
  public InvalidModelPackageException(String message) {
    super(message);
  }
}
