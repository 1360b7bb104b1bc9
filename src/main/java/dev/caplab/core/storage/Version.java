package dev.caplab.core.storage;

import java.util.Objects;

/**
 * Version of a value: higher counter wins; equal counters are ordered by nodeId (String compareTo).
 * Immutable, so safe to share between threads.
 */
public record Version(long counter, String nodeId) implements Comparable<Version> {

  /** "Never written": older than every version a node can assign. */
  public static final Version ZERO = new Version(0, "");

  public Version {
    Objects.requireNonNull(nodeId, "nodeId");
    if (counter < 0) {
      throw new IllegalArgumentException("negative version counter: " + counter);
    }
  }

  @Override
  public int compareTo(Version other) {
    int byCounter = Long.compare(counter, other.counter);
    return byCounter != 0 ? byCounter : nodeId.compareTo(other.nodeId);
  }

  public boolean isNewerThan(Version other) {
    return compareTo(other) > 0;
  }

  /** "counter@nodeId", e.g. "12@master"; ZERO is "0@". */
  @Override
  public String toString() {
    return counter + "@" + nodeId;
  }

  /** Inverse of {@link #toString()}; the first '@' separates, so node ids may contain '@'. */
  public static Version parse(String text) {
    int at = text.indexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("not a version (expected counter@nodeId): " + text);
    }
    try {
      return new Version(Long.parseLong(text.substring(0, at)), text.substring(at + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a version (expected counter@nodeId): " + text, e);
    }
  }
}
