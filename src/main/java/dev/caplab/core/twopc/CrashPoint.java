package dev.caplab.core.twopc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A moment in the master's commit where a lesson or a test can make it crash on purpose. */
public enum CrashPoint {
  /**
   * Parallel commits: the STAGE record is on disk; the prepares are on their way, perhaps not all
   * prepared yet.
   */
  AFTER_STAGE_LOGGED(
      "after-stage", "the STAGE record is on disk, but not every slave may have prepared yet"),
  /** Every vote is in and the PREPARE record is on disk; COMMIT is not yet logged. */
  AFTER_PREPARE_LOGGED(
      "after-prepare", "every slave voted yes and PREPARE is on disk, COMMIT is not"),
  /** The COMMIT record is on disk; no slave has been told and the client has no answer. */
  AFTER_COMMIT_LOGGED(
      "after-commit", "COMMIT is on disk, but no slave and no client has been told"),
  /**
   * Parallel commits: every slave prepared and the client was answered; the COMMIT record is not on
   * disk and no slave has been told.
   */
  AFTER_ACK(
      "after-ack", "the client was told success, but COMMIT is not on disk and no slave was told");

  private final String id;
  private final String meaning;

  CrashPoint(String id, String meaning) {
    this.id = id;
    this.meaning = meaning;
  }

  /** The short name admin calls and the CLI use, e.g. {@code after-prepare}. */
  public String id() {
    return id;
  }

  /** What has and has not happened when the master stops here, in plain words. */
  public String meaning() {
    return meaning;
  }

  /** The point named id (or the enum name, any case). */
  public static CrashPoint parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (CrashPoint p : values()) {
      if (p.id.equals(wanted)
          || p.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(wanted)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "no crash point '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(CrashPoint::id).collect(Collectors.joining(", ")));
  }
}
