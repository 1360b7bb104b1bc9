package dev.caplab.cli;

import dev.caplab.client.ClusterObserver;
import dev.caplab.client.EventJson;
import dev.caplab.client.EventListener;
import dev.caplab.client.NodeEvent;
import dev.caplab.config.ClusterConfig;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the events of every node of the config, merged in causal order, as JSON Lines on stdout",
      "(one event per line; fields in the README), until interrupted. Connection changes and gaps go to stderr."
    })
final class WatchCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    ClusterConfig cluster = config.load();
    ExecutorService printer =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "watch-printer"));
    // Not System.out: a PrintStream hides write errors, and a closed pipe must end the command.
    Writer out =
        new BufferedWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
            1 << 16);
    CountDownLatch stopped = new CountDownLatch(1);
    ClusterObserver observer =
        ClusterObserver.start(cluster, new Printer(out, System.err, stopped), printer);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  observer.close();
                  printer.shutdown();
                  stopped.countDown();
                },
                "watch-shutdown"));
    stopped.await();
    return 0;
  }

  /** Called on the printer thread only. */
  static final class Printer implements EventListener {

    private final Writer out;
    private final PrintStream notices;
    private final CountDownLatch stopped;

    Printer(Writer out, PrintStream notices, CountDownLatch stopped) {
      this.out = out;
      this.notices = notices;
      this.stopped = stopped;
    }

    private boolean broken;

    @Override
    public void onEvents(List<NodeEvent> batch) {
      if (broken) {
        return;
      }
      try {
        for (NodeEvent event : batch) {
          out.write(EventJson.toJson(event));
          out.write('\n');
        }
        out.flush();
      } catch (IOException e) { // stdout closed, e.g. `caplab watch | head`: nothing more to do
        broken = true;
        stopped.countDown();
      }
    }

    @Override
    public void onConnection(String node, boolean connected) {
      notices.println(node + (connected ? ": connected" : ": connection lost, reconnecting"));
    }

    @Override
    public void onGap(String node, long fromSeq, long toSeq) {
      notices.println(
          node + ": events " + fromSeq + ".." + toSeq + " were lost (they left the node's buffer)");
    }
  }
}
