package dev.caplab.ui;

import java.util.Arrays;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Drives the lab once per frame and measures the time between frames: a frame that comes late means
 * the FX thread was busy. Runs on the FX thread (it is an AnimationTimer).
 */
final class FrameClock extends AnimationTimer {

  private static final long REPORT_NANOS = 1_000_000_000L;

  private final LabViewModel lab;
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private final long[] window = new long[1024];
  private int count;
  private long last;
  private long windowStart;
  private long worstEver;
  private long frames;
  private long over50;
  private long tickNanos;

  /**
   * Gaps between frames since the last {@link #resetTotals}, by whole milliseconds (the last
   * bucket: 1 s+).
   */
  private final long[] histogram = new long[1001];

  FrameClock(LabViewModel lab) {
    this.lab = lab;
  }

  /** "60 fps · 16.7 ms avg · 21 ms max" over the last second. */
  ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Longest gap between two frames since the clock started, in ms. */
  double worstMillis() {
    return worstEver / 1e6;
  }

  /** Frames that came more than 50 ms after the one before (an FX-thread stall). */
  long stalls() {
    return over50;
  }

  long frames() {
    return frames;
  }

  /** The gap (ms, rounded down) that this share of frames did not exceed, e.g. 0.99. */
  long percentileMillis(double share) {
    long total = Arrays.stream(histogram).sum();
    long seen = 0;
    for (int ms = 0; ms < histogram.length; ms++) {
      seen += histogram[ms];
      if (seen >= share * total) {
        return ms;
      }
    }
    return histogram.length - 1;
  }

  /** Time spent in the lab's per-frame work since the last {@link #resetTotals}. */
  long tickNanos() {
    return tickNanos;
  }

  /** Starts the totals (frames, worst gap, stalls, percentiles) afresh, e.g. when a load begins. */
  void resetTotals() {
    Arrays.fill(histogram, 0);
    worstEver = 0;
    frames = 0;
    over50 = 0;
    tickNanos = 0;
  }

  @Override
  public void handle(long now) {
    long started = System.nanoTime();
    lab.tick(now);
    tickNanos += System.nanoTime() - started;
    if (last != 0) {
      long gap = now - last;
      frames++;
      worstEver = Math.max(worstEver, gap);
      if (gap > 50_000_000L) {
        over50++;
      }
      histogram[(int) Math.min(histogram.length - 1, gap / 1_000_000L)]++;
      if (count < window.length) {
        window[count++] = gap;
      }
    } else {
      windowStart = now;
    }
    last = now;
    if (now - windowStart >= REPORT_NANOS && count > 0) {
      report(now, System.nanoTime() - started);
    }
  }

  private void report(long now, long tickNanos) {
    long[] gaps = Arrays.copyOf(window, count);
    Arrays.sort(gaps);
    double mean = Arrays.stream(gaps).average().orElse(0) / 1e6;
    double p99 = gaps[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)] / 1e6;
    double max = gaps[count - 1] / 1e6;
    double fps = count * 1e9 / (now - windowStart);
    summary.set(
        String.format(
            Locale.ROOT,
            "%.0f fps · frame %.1f ms avg, %.1f p99, %.1f max · tick %.2f ms",
            fps,
            mean,
            p99,
            max,
            tickNanos / 1e6));
    count = 0;
    windowStart = now;
  }
}
