package dev.caplab.cluster;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each node of a config as an OS process of its own: starts it (on its data directory, so a
 * restart is a recovery), waits for it to log that it serves, stops it (SIGTERM, then SIGKILL),
 * kills it (SIGKILL) and notices when it exits unasked. Each node's output goes to
 * DIR/&lt;id&gt;/node.log.
 *
 * <p>Thread-safe. All bookkeeping runs on one supervisor thread; listeners are called there, so
 * they must be quick (the GUI hands over to its FX thread). Futures complete on that thread too.
 */
public final class Supervisor implements AutoCloseable {

  /**
   * Set up on first use, not with the class: logging's set-up takes a third of a second in a JVM
   * without the AppCDS archive, and the nodes should be booting by then.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
  }

  static final Duration POLL = Duration.ofMillis(20);

  /** No JVM answers sooner than this after exec. */
  static final Duration FIRST_POLL = Duration.ofMillis(150);

  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What a node logs, after its id, once it serves (server.Node); multi-process tests keep the two
   * in step.
   */
  static final String SERVING_LINE = " is serving";

  /** A node stops in well under 100 ms; one that takes this long is stuck and gets SIGKILL. */
  static final Duration STOP_GRACE = Duration.ofMillis(1500);

  static final int LOG_TAIL_ON_FAILURE = 15;

  private final ClusterConfig config;
  private final Path dataDir;
  private final JavaCommand javaCommand;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final List<BiConsumer<String, NodeProcessState>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "supervisor");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean closed = new AtomicBoolean();
  private Optional<Path> cdsArchive; // supervisor thread; null until first prepared

  /**
   * Nodes of config; node id keeps its data and log in dataDir/id. The config must come from a
   * file.
   */
  public Supervisor(ClusterConfig config, Path dataDir) {
    this(config, config.ids(), dataDir, JavaCommand.current());
  }

  /**
   * Only the nodes {@code ids} of config (those that run on this host when the others run
   * elsewhere); the others are not this supervisor's to start or kill.
   */
  public Supervisor(ClusterConfig config, List<String> ids, Path dataDir) {
    this(config, ids, dataDir, JavaCommand.current());
  }

  Supervisor(ClusterConfig config, Path dataDir, JavaCommand java) {
    this(config, config.ids(), dataDir, java);
  }

  private Supervisor(ClusterConfig config, List<String> ids, Path dataDir, JavaCommand java) {
    this.config = config;
    this.dataDir = dataDir.toAbsolutePath();
    this.javaCommand = java;
    for (String id : ids) {
      NodeConfig node = config.node(id);
      slots.put(node.id(), new Slot(node));
    }
  }

  public ClusterConfig config() {
    return config;
  }

  /** The ids of the nodes this supervisor runs, in config order. */
  public List<String> ids() {
    return config.ids().stream().filter(slots::containsKey).toList();
  }

  /** Starts every node that is not running; completes when all serve, fails if any cannot start. */
  public CompletableFuture<Void> startAll() {
    return CompletableFuture.allOf(
        slots.keySet().stream().map(this::start).toArray(CompletableFuture[]::new));
  }

  /**
   * Starts the node on its data directory (so after a kill this is a recovery). Completes when it
   * logs that it serves (its health service says SERVING at that moment); fails with {@link
   * NodeStartException} when it exits or hangs first. A node that is already starting or serving is
   * not started twice.
   */
  public CompletableFuture<Void> start(String id) {
    Slot slot = slot(id);
    CompletableFuture<Void> result = new CompletableFuture<>();
    thread.execute(() -> launch(slot, result));
    return result;
  }

  /** SIGKILL, as in a crash; the state becomes KILLED once the process is gone. */
  public void kill(String id) {
    Slot slot = slot(id);
    thread.execute(
        () -> {
          Run run = slot.run;
          if (run != null && run.process.isAlive()) {
            run.expectedExit = NodeProcessState.KILLED;
            run.process.destroyForcibly();
          }
        });
  }

  /**
   * SIGKILL, as {@link #kill}, and completes once the process is gone and its state is KILLED (or
   * at once when it was not running).
   */
  public CompletableFuture<Void> crash(String id) {
    Slot slot = slot(id);
    CompletableFuture<Void> gone = new CompletableFuture<>();
    thread.execute(
        () -> {
          Run run = slot.run;
          if (run == null || !run.process.isAlive()) {
            gone.complete(null);
            return;
          }
          run.expectedExit = NodeProcessState.KILLED;
          run.process.destroyForcibly();
          run.exited.whenComplete((ok, error) -> gone.complete(null));
        });
    return gone;
  }

  /** SIGTERM, then SIGKILL after a grace period; completes when the process is gone. */
  public CompletableFuture<Void> stop(String id) {
    Slot slot = slot(id);
    CompletableFuture<Void> result = new CompletableFuture<>();
    thread.execute(
        () -> {
          Run run = slot.run;
          if (run == null || !run.process.isAlive()) {
            result.complete(null);
            return;
          }
          if (run.expectedExit == null) {
            run.expectedExit = NodeProcessState.STOPPED;
          }
          run.process.destroy();
          ScheduledFuture<?> kill =
              thread.schedule(
                  () -> {
                    if (run.process.isAlive()) {
                      Log.LOG.warn(
                          "node {} did not stop within {} ms of SIGTERM; sending SIGKILL",
                          id,
                          STOP_GRACE.toMillis());
                      run.process.destroyForcibly();
                    }
                  },
                  STOP_GRACE.toMillis(),
                  TimeUnit.MILLISECONDS);
          // A pending timer would hold close() until it fired, though the node stopped long before.
          run.exited.whenComplete(
              (ok, error) -> {
                kill.cancel(false);
                result.complete(null);
              });
        });
    return result;
  }

  public CompletableFuture<Void> stopAll() {
    return CompletableFuture.allOf(
        slots.keySet().stream().map(this::stop).toArray(CompletableFuture[]::new));
  }

  public NodeProcessState state(String id) {
    return slot(id).state;
  }

  /** Exit code of the node's last process, once it has ended. */
  public Optional<Integer> exitCode(String id) {
    return Optional.ofNullable(slot(id).exitCode);
  }

  /** Process id of the node's running process. */
  public Optional<Long> pid(String id) {
    Run run = slot(id).run;
    return run != null && run.process.isAlive() ? Optional.of(run.process.pid()) : Optional.empty();
  }

  /** Called on the supervisor thread with (node id, new state) on every change. */
  public void addListener(BiConsumer<String, NodeProcessState> listener) {
    listeners.add(listener);
  }

  public void removeListener(BiConsumer<String, NodeProcessState> listener) {
    listeners.remove(listener);
  }

  public Path logFile(String id) {
    return dataDir.resolve(slot(id).node.id()).resolve("node.log");
  }

  /** The last lines of the node's log (all runs appended). */
  public List<String> logTail(String id, int lines) {
    Path file = logFile(id);
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int window = (int) Math.min(length, 256 * 1024);
      byte[] bytes = new byte[window];
      in.seek(length - window);
      in.readFully(bytes);
      List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }

  /**
   * Stops every node (waiting up to the grace period plus a little) and releases the supervisor;
   * idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stopAll().get(STOP_GRACE.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      Log.LOG.warn("stopping the nodes: {}", e.toString());
    }
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- everything below runs on the supervisor thread

  private void launch(Slot slot, CompletableFuture<Void> result) {
    Run current = slot.run;
    if (current != null && current.process.isAlive()) {
      if (current.expectedExit == null) {
        forward(current.ready, result); // already starting or serving
      } else {
        // Being stopped or killed: start again once the old process has let go of port and data.
        current.exited.whenCompleteAsync((ok, error) -> launch(slot, result), thread);
      }
      return;
    }
    String id = slot.node.id();
    Optional<String> unbindable = Bindable.problem(slot.node.ip(), slot.node.port());
    if (unbindable.isPresent()) {
      result.completeExceptionally(
          new NodeStartException(
              id, "cannot start: " + unbindable.get(), null, logFile(id), List.of()));
      return;
    }
    if (cdsArchive == null) {
      cdsArchive = javaCommand.prepareCds();
    }
    Path log = logFile(id);
    Process process;
    long launchedAt;
    List<String> command =
        javaCommand.node(config.source().toAbsolutePath(), id, dataDir, cdsArchive);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "--- "
              + Instant.now()
              + " supervisor starts "
              + id
              + ": "
              + printable(command)
              + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      launchedAt = Files.size(log);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      result.completeExceptionally(
          new NodeStartException(
              id, "could not be launched (" + e.getMessage() + ")", null, log, List.of()));
      return;
    }
    Run run = new Run(process, launchedAt);
    slot.run = run;
    slot.exitCode = null;
    setState(slot, NodeProcessState.STARTING);
    process.onExit().whenCompleteAsync((p, error) -> exited(slot, run), thread);
    forward(run.ready, result);
    // Queued behind the other launches of a startAll: the first poll loads gRPC's classes, which
    // takes a
    // while, and the node processes should meanwhile already be booting.
    thread.schedule(() -> poll(slot, run), FIRST_POLL.toMillis(), TimeUnit.MILLISECONDS);
    // A node that binds and never serves keeps its watch open: this ends it. Cancelled once the run
    // is settled, so that a pending timer does not hold close() for a minute.
    ScheduledFuture<?> timeout =
        thread.schedule(() -> timedOut(slot, run), START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    run.ready.whenComplete((ok, error) -> timeout.cancel(false));
  }

  /**
   * Reads what the node has logged since its launch for the line it writes the moment it serves
   * (right after its health service says SERVING). A file read every {@link #POLL} costs next to
   * nothing, where a gRPC health watch made this JVM load and compile ~1,300 gRPC and Netty classes
   * while its three nodes booted on the same few cores: that alone was a second of CPU.
   */
  private void poll(Slot slot, Run run) {
    if (slot.run != run || run.ready.isDone() || !run.process.isAlive()) {
      return;
    }
    if (loggedServing(slot.node.id(), run)) {
      setState(slot, NodeProcessState.SERVING);
      run.ready.complete(null);
    } else {
      again(slot, run);
    }
  }

  /** Whether the node's log, from where run's output began, holds its serving line. */
  private boolean loggedServing(String id, Run run) {
    try (RandomAccessFile file = new RandomAccessFile(logFile(id).toFile(), "r")) {
      long length = file.length();
      if (length <= run.logRead) {
        return false;
      }
      byte[] bytes = new byte[(int) Math.min(length - run.logRead, 1 << 20)];
      file.seek(run.logRead);
      file.readFully(bytes);
      String text = run.partialLine + new String(bytes, StandardCharsets.UTF_8);
      int lastLine = text.lastIndexOf('\n') + 1;
      run.logRead += bytes.length;
      run.partialLine = text.substring(lastLine);
      return text.substring(0, lastLine).contains(" " + id + SERVING_LINE);
    } catch (IOException e) {
      return false; // not there yet, or being rotated by nobody: try again next poll
    }
  }

  /** START_TIMEOUT after launch, unless the run served or ended first (then it is cancelled). */
  private void timedOut(Slot slot, Run run) {
    if (slot.run != run || run.ready.isDone() || !run.process.isAlive()) {
      return;
    }
    String id = slot.node.id();
    run.ready.completeExceptionally(
        new NodeStartException(
            id,
            "did not report SERVING within " + START_TIMEOUT.toSeconds() + " s and was killed",
            null,
            logFile(id),
            logTail(id, LOG_TAIL_ON_FAILURE)));
    run.process.destroyForcibly();
  }

  private void again(Slot slot, Run run) {
    thread.schedule(() -> poll(slot, run), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void exited(Slot slot, Run run) {
    int code = run.process.exitValue();
    if (slot.run == run) {
      String id = slot.node.id();
      slot.exitCode = code;
      NodeProcessState state =
          run.expectedExit != null ? run.expectedExit : NodeProcessState.EXITED;
      if (state == NodeProcessState.EXITED) {
        Log.LOG.warn("node {} exited unexpectedly with code {}; log: {}", id, code, logFile(id));
      }
      setState(slot, state); // before the futures, so that whoever waits on them sees the new state
      run.ready.completeExceptionally(
          new NodeStartException(
              id,
              "exited with code " + code + " before serving",
              code,
              logFile(id),
              logTail(id, LOG_TAIL_ON_FAILURE)));
    }
    run.exited.complete(null);
  }

  private void setState(Slot slot, NodeProcessState state) {
    if (slot.state == state) {
      return;
    }
    slot.state = state;
    for (BiConsumer<String, NodeProcessState> listener : listeners) {
      try {
        listener.accept(slot.node.id(), state);
      } catch (RuntimeException e) {
        Log.LOG.warn("supervisor listener failed", e);
      }
    }
  }

  private Slot slot(String id) {
    Slot slot = slots.get(id);
    if (slot == null) {
      throw new NoSuchElementException(
          "no node '"
              + id
              + "' in "
              + config.source()
              + "; known ids: "
              + new ArrayList<>(slots.keySet()));
    }
    return slot;
  }

  /** The command with its (long) class path shortened, for the log. */
  private static String printable(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    int cp = shown.indexOf("-cp");
    if (cp >= 0 && cp + 1 < shown.size() && shown.get(cp + 1).length() > 120) {
      shown.set(
          cp + 1,
          "<" + shown.get(cp + 1).split(File.pathSeparator).length + " class path entries>");
    }
    return String.join(" ", shown);
  }

  private static void forward(CompletableFuture<Void> from, CompletableFuture<Void> to) {
    from.whenComplete(
        (ok, error) -> {
          if (error != null) {
            to.completeExceptionally(error);
          } else {
            to.complete(null);
          }
        });
  }

  /** One node: its current process, if any. state and exitCode are read from any thread. */
  private static final class Slot {
    final NodeConfig node;
    volatile NodeProcessState state = NodeProcessState.STOPPED;
    volatile Integer exitCode;
    volatile Run run;

    Slot(NodeConfig node) {
      this.node = node;
    }
  }

  /** One process of a node, from launch to exit. */
  private static final class Run {
    final Process process;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Void> exited = new CompletableFuture<>();
    NodeProcessState expectedExit; // null: an exit now would be unexpected
    long logRead; // how far poll has read the node's log
    String partialLine = "";

    Run(Process process, long logStart) {
      this.process = process;
      this.logRead = logStart;
    }
  }
}
