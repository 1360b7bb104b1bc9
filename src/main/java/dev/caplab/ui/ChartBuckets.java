package dev.caplab.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Thread-safe: load threads record completions, the verdict's worker reports stale reads, the FX
 * thread reads. Every operation the GUI issued, summed per second of the history's clock (the
 * {@link OpLog}'s) over the last {@link #WINDOW_SECONDS}: a ring of one slot per second, so memory
 * stays bounded however long the lab runs.
 */
final class ChartBuckets implements OpLog.Listener {

  static final int WINDOW_SECONDS = 300;

  /**
   * A second is summed once this long has passed after it: completions are recorded a moment after
   * they happen.
   */
  static final long GRACE_MICROS = 250_000;

  /**
   * One second: operations that succeeded, latency percentiles of those (ms), the share of writes
   * and of reads that succeeded (%), and how many stale reads were found so far. NaN where the
   * second had no such operations.
   */
  record Second(
      long second,
      int succeeded,
      double p50Millis,
      double p99Millis,
      double writesOkPercent,
      double readsOkPercent,
      int staleReads) {}

  private final LongSupplier nowMicros;
  private final Slot[] slots = new Slot[WINDOW_SECONDS];
  private long newest = -1;
  private int staleBefore; // the stale-read count of seconds already out of the window
  private long firstTicket; // operations invoked before the last reset are not counted
  private long lastTicket;

  ChartBuckets(LongSupplier nowMicros) {
    this.nowMicros = nowMicros;
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot();
    }
  }

  @Override
  public synchronized void invoked(OpLog.Pending op) {
    lastTicket = Math.max(lastTicket, op.ticket());
  }

  @Override
  public synchronized void completed(OpLog.Pending op, OpLog.Entry done) {
    if (op.ticket() >= firstTicket) {
      add(done.op(), done.outcome(), done.invokeMicros(), done.completeMicros());
    }
  }

  /** One completed operation, counted in the second it completed. */
  synchronized void add(String op, OpLog.Outcome outcome, long invokeMicros, long completeMicros) {
    Slot s = slot(completeMicros / 1_000_000);
    if (s == null) {
      return;
    }
    boolean ok = outcome == OpLog.Outcome.OK;
    if (op.equals("put")) {
      s.puts++;
      s.putsOk += ok ? 1 : 0;
    } else {
      s.gets++;
      s.getsOk += ok ? 1 : 0;
    }
    if (ok) {
      s.latency(Math.max(0, completeMicros - invokeMicros));
    }
    s.summary = null;
  }

  /**
   * The live checker has found this many stale reads so far (it reports the total, not each one).
   */
  synchronized void staleReads(int total) {
    Slot s = slot(nowMicros.getAsLong() / 1_000_000);
    if (s != null) {
      s.stale = total;
      s.summary = null;
    }
  }

  /** A new history: forgets everything, and the operations still in flight from the old one. */
  synchronized void reset() {
    for (Slot s : slots) {
      s.clear(-1);
    }
    newest = -1;
    staleBefore = 0;
    firstTicket = lastTicket + 1;
  }

  /** The last second that is complete now (-1 while none is). */
  long lastComplete() {
    return (nowMicros.getAsLong() - GRACE_MICROS) / 1_000_000 - 1;
  }

  /** Every complete second of the window, oldest first, empty ones included. */
  synchronized List<Second> seconds() {
    long last = lastComplete();
    long first = Math.max(0, last - WINDOW_SECONDS + 1);
    List<Second> out = new ArrayList<>((int) Math.max(0, last - first + 1));
    int stale = staleBefore;
    for (long second = first; second <= last; second++) {
      Slot s = slots[index(second)];
      if (s.second != second) {
        out.add(new Second(second, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, stale));
        continue;
      }
      stale = s.stale >= 0 ? s.stale : stale;
      if (s.summary == null || s.summary.staleReads() != stale) {
        s.summary = s.summarize(stale);
      }
      out.add(s.summary);
    }
    return out;
  }

  /**
   * The slot of a second, claimed for it if it held an older one; null when the second is out of
   * the window.
   */
  private Slot slot(long second) {
    if (second < 0 || second <= newest - WINDOW_SECONDS) {
      return null;
    }
    newest = Math.max(newest, second);
    Slot s = slots[index(second)];
    if (s.second != second) {
      if (s.stale >= 0) {
        staleBefore = s.stale; // the count carries on after its second leaves the window
      }
      s.clear(second);
    }
    return s;
  }

  private static int index(long second) {
    return (int) (second % WINDOW_SECONDS);
  }

  /**
   * The nearest-rank percentile of sorted values: the smallest value at least p % of them do not
   * exceed.
   */
  static long percentile(long[] sorted, int n, double p) {
    int rank = (int) Math.ceil(p / 100 * n);
    return sorted[Math.max(0, Math.min(n, rank) - 1)];
  }

  private static final class Slot {
    long second = -1;
    int puts;
    int putsOk;
    int gets;
    int getsOk;
    int stale = -1;
    long[] micros = new long[16];
    int n;
    Second
        summary; // cached: the window is read several times a second, most seconds no longer change

    void clear(long second) {
      this.second = second;
      puts = putsOk = gets = getsOk = n = 0;
      stale = -1;
      summary = null;
      if (micros.length > 1024) {
        micros = new long[16]; // a busy second does not keep its memory for good
      }
    }

    void latency(long value) {
      if (n == micros.length) {
        micros = Arrays.copyOf(micros, n * 2);
      }
      micros[n++] = value;
    }

    Second summarize(int staleSoFar) {
      Arrays.sort(micros, 0, n);
      double p50 = n == 0 ? Double.NaN : percentile(micros, n, 50) / 1000.0;
      double p99 = n == 0 ? Double.NaN : percentile(micros, n, 99) / 1000.0;
      return new Second(
          second, putsOk + getsOk, p50, p99, share(putsOk, puts), share(getsOk, gets), staleSoFar);
    }

    private static double share(int ok, int all) {
      return all == 0 ? Double.NaN : 100.0 * ok / all;
    }
  }
}
