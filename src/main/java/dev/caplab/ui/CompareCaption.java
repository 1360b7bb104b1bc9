package dev.caplab.ui;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The one line under each side of the Compare view: what the cluster does right now, in plain
 * words, from the share of writes and of reads that succeeded over the last few seconds, and the
 * verdict. Pure; any thread.
 */
final class CompareCaption {

  /**
   * At or above this share an operation kind counts as served; at or below {@link #DOWN} as
   * refused.
   */
  static final double UP = 95;

  static final double DOWN = 5;

  /** line: shown under the charts; detail: the same with the figures, for the tooltip. */
  record Text(String line, String detail) {}

  private CompareCaption() {}

  /** recent: the last complete seconds of the charts, oldest first. */
  static Text of(List<ChartBuckets.Second> recent, VerdictViewModel.State verdict) {
    double writes = mean(recent, ChartBuckets.Second::writesOkPercent);
    double reads = mean(recent, ChartBuckets.Second::readsOkPercent);
    if (Double.isNaN(writes) && Double.isNaN(reads)) {
      return new Text(
          "No operations yet: turn the Load on.",
          "Nothing has been asked of this cluster in the" + " last " + recent.size() + " s.");
    }
    String what = what(writes, reads);
    String consistency =
        switch (verdict) {
          case VIOLATED -> "an answer was stale (see the verdict)";
          case OK -> "every answer consistent";
          case IDLE -> "nothing judged yet";
        };
    String figures =
        String.format(
            Locale.ROOT,
            "writes %s, reads %s succeeded over the last %d s",
            percent(writes),
            percent(reads),
            recent.size());
    return new Text(
        what + " · " + consistency,
        what
            + ": "
            + figures
            + ". Verdict: "
            + consistency
            + ". Operations sent to a node that is down fail in either architecture.");
  }

  private static String what(double writes, double reads) {
    boolean writesUp = up(writes);
    boolean readsUp = up(reads);
    if (writesUp && readsUp) {
      return "Available: writes and reads succeed";
    }
    if (down(writes) && down(reads)) {
      return "Unavailable: refuses writes and reads";
    }
    if (down(writes)) {
      return "Read-only: refuses writes, "
          + (readsUp ? "reads succeed" : "reads " + percent(reads) + " succeed");
    }
    if (down(reads)) {
      return "Refuses reads, writes " + percent(writes) + " succeed";
    }
    return "Partly available: writes " + percent(writes) + ", reads " + percent(reads) + " succeed";
  }

  private static boolean up(double share) {
    return Double.isNaN(share) || share >= UP;
  }

  private static boolean down(double share) {
    return !Double.isNaN(share) && share <= DOWN;
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "none sent" : String.format(Locale.ROOT, "%.0f %%", share);
  }

  /** Mean of the seconds that had such operations; NaN when none had. */
  private static double mean(
      List<ChartBuckets.Second> seconds, ToDoubleFunction<ChartBuckets.Second> share) {
    return seconds.stream()
        .mapToDouble(share)
        .filter(v -> !Double.isNaN(v))
        .average()
        .orElse(Double.NaN);
  }
}
