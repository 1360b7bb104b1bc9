package dev.caplab.core.twopc;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crash seam of a real master: disarmed until someone arms it (an admin call, from the GUI, a
 * lesson or a test), then fires once at the armed point: it reports "crashing" on the event stream
 * and runs the halt it was given (a node process halts the JVM, like SIGKILL). Arming and disarming
 * are reported too, so a crash is never a surprise in the log. Thread-safe.
 */
public final class CrashSwitch implements CrashSeam {

  private final EventSink events;
  private final Runnable halt;
  private final AtomicReference<CrashPoint> armed = new AtomicReference<>();

  public CrashSwitch(EventSink events, Runnable halt) {
    this.events = events;
    this.halt = halt;
  }

  /** The master will halt the next time it reaches point (it forgets this on restart). */
  public void arm(CrashPoint point) {
    armed.set(point);
    events.emit(
        ProtocolEvent.nodeStatus(
            "crash-armed", "will crash at " + point.id() + ": right when " + point.meaning()));
  }

  public void disarm() {
    if (armed.getAndSet(null) != null) {
      events.emit(ProtocolEvent.nodeStatus("crash-disarmed", "no crash armed"));
    }
  }

  public Optional<CrashPoint> armed() {
    return Optional.ofNullable(armed.get());
  }

  @Override
  public boolean armedAt(CrashPoint point) {
    return armed.get() == point;
  }

  @Override
  public void reached(CrashPoint point) {
    if (armed.compareAndSet(point, null)) {
      events.emit(
          ProtocolEvent.nodeStatus(
              "crashing", "crashing on purpose at " + point.id() + ": " + point.meaning()));
      halt.run();
    }
  }
}
