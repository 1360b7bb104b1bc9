package dev.caplab.ui;

import dev.caplab.client.EventJson;
import dev.caplab.client.NodeEvent;
import dev.caplab.core.history.HistoryJson;
import dev.caplab.core.history.JsonLines;
import dev.caplab.core.history.Operation;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the lab observed since the cluster started (or the trace was opened): every event of
 * every node, background traffic included, and every operation the lab issued. Saved as a trace in
 * the format of `caplab watch` plus the history beside it. Events arrive on the FX thread;
 * operations on the threads that complete them.
 */
final class TraceRecorder implements OpLog.Listener {

  /** About 100 MB of events at most; beyond that the oldest go (the README says so). */
  static final int MAX_EVENTS = 500_000;

  static final int MAX_OPS = 200_000;

  /** What was saved, for the status line. */
  record Saved(Path trace, int events, Path history, int operations) {}

  private final ArrayDeque<NodeEvent> events = new ArrayDeque<>(); // FX thread
  private final ArrayDeque<Operation> ops = new ArrayDeque<>(); // guarded by itself

  @Override
  public void invoked(OpLog.Pending op) {}

  @Override
  public void completed(OpLog.Pending op, OpLog.Entry done) {
    Operation operation =
        new Operation(
            done.process(),
            done.op().equals("put") ? Operation.Type.PUT : Operation.Type.GET,
            done.key(),
            done.value(),
            done.invokeMicros(),
            done.completeMicros(),
            switch (done.outcome()) {
              case OK -> Operation.Outcome.OK;
              case FAIL -> Operation.Outcome.FAIL;
              case UNKNOWN -> Operation.Outcome.UNKNOWN;
            });
    synchronized (ops) {
      ops.add(operation);
      if (ops.size() > MAX_OPS) {
        ops.poll();
      }
    }
  }

  /** FX thread. */
  void add(List<NodeEvent> batch) {
    events.addAll(batch);
    while (events.size() > MAX_EVENTS) {
      events.poll();
    }
  }

  /** FX thread: forgets everything (a new cluster or trace). */
  void reset() {
    events.clear();
    synchronized (ops) {
      ops.clear();
    }
  }

  int eventCount() {
    return events.size();
  }

  /** FX thread: a copy to save elsewhere (copying references is quick; writing them is not). */
  List<NodeEvent> events() {
    return new ArrayList<>(events);
  }

  List<Operation> operations() {
    synchronized (ops) {
      return new ArrayList<>(ops);
    }
  }

  /** "run.jsonl" → "run.history.jsonl": where the history of a trace goes. */
  static Path historyFile(Path trace) {
    String name = trace.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return trace.resolveSibling(base + ".history.jsonl");
  }

  /** "run.jsonl" → "run.config.yaml": the config a trace was recorded on, saved beside it. */
  static Path configFile(Path trace) {
    String name = trace.getFileName().toString();
    String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    return trace.resolveSibling(base + ".config.yaml");
  }

  /** Any thread: writes the trace and its history (the same file name with .history.jsonl). */
  static Saved write(Path trace, List<NodeEvent> events, List<Operation> history, Path config)
      throws IOException {
    if (config != null && Files.isRegularFile(config)) {
      Files.copy(config, configFile(trace), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try (Writer out = Files.newBufferedWriter(trace, StandardCharsets.UTF_8)) {
      for (NodeEvent e : events) {
        out.write(EventJson.toJson(e));
        out.write('\n');
      }
    }
    Path historyFile = historyFile(trace);
    HistoryJson.write(historyFile, history);
    return new Saved(trace, events.size(), historyFile, history.size());
  }

  /** Any thread: reads a trace; a bad line fails with "file:line: what. Fix: how". */
  static List<NodeEvent> read(Path trace) throws IOException {
    List<NodeEvent> events;
    try {
      events = JsonLines.read(trace, EventJson::parse);
    } catch (JsonLines.BadLine e) {
      throw new IOException(trace.getFileName() + ":" + e.number() + ": " + e.getMessage());
    } catch (CharacterCodingException e) {
      throw new IOException(
          trace.getFileName()
              + ": not UTF-8 text. Fix: open a trace the lab or `caplab watch`"
              + " saved.");
    }
    if (events.isEmpty()) {
      throw new IOException(
          trace.getFileName() + ": no events. Fix: open a trace the lab or `caplab watch` saved.");
    }
    return events;
  }
}
