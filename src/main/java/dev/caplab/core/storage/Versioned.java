package dev.caplab.core.storage;

import java.util.Objects;

/** A value with the version it was written under. Immutable, so safe to share between threads. */
public record Versioned(String value, Version version) {

  public Versioned {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(version, "version");
  }
}
