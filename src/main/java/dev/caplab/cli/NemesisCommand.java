package dev.caplab.cli;

import dev.caplab.config.ClusterConfig;
import dev.caplab.nemesis.Fault;
import dev.caplab.nemesis.Nemesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "nemesis",
    mixinStandardHelpOptions = true,
    description = {
      "A fault campaign under load: starts the cluster of the config, runs concurrent clients over every",
      "node while a fault chosen by the seed is injected every 1-2 s, then heals, waits for the replicas to agree",
      "and checks that no acknowledged put was lost and that the history is linearizable. The last line reads",
      "faults=... ops=... acked=... lost=... stale=... linearizable=yes|no; exit 0 only if nothing was lost or",
      "stale and the history is linearizable."
    })
final class NemesisCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--duration",
      paramLabel = "S",
      defaultValue = "60",
      description = "Seconds of load and faults. Default: ${DEFAULT-VALUE}.")
  int duration;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Chooses the faults, their targets and the workload. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--faults",
      paramLabel = "LIST",
      defaultValue = "kill,restart,partition,slow,hold",
      split = ",",
      description =
          "Faults to inject, from kill, restart, partition, slow, hold. Default: ${DEFAULT-VALUE}.")
  List<String> faults;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Where the nodes keep their data; must not hold a cluster already. Default: a new"
              + " data/nemesis-<seed>-<time> directory.")
  Path data;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description = "Where to write the history (JSON Lines). Default: DIR/history.jsonl.")
  Path history;

  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "6",
      description = "Concurrent clients. Default: ${DEFAULT-VALUE}.")
  int clients;

  @Option(
      names = "--keys",
      paramLabel = "K",
      defaultValue = "20",
      description = "Keys the clients share. Default: ${DEFAULT-VALUE}.")
  int keys;

  @Option(
      names = "--client-deadline",
      paramLabel = "MS",
      defaultValue = "3000",
      description =
          "Deadline of each client call; a call past it is recorded as unknown. Default: ${DEFAULT-VALUE}.")
  int clientDeadline;

  @Override
  public Integer call() throws Exception {
    if (duration < 1 || clients < 1 || keys < 1 || clientDeadline < 1) {
      System.err.println(
          "nemesis: need --duration >= 1, --clients >= 1, --keys >= 1 and --client-deadline >= 1");
      return Main.EXIT_USAGE;
    }
    Set<Fault> chosen = EnumSet.noneOf(Fault.class);
    try {
      faults.forEach(f -> chosen.add(Fault.parse(f)));
    } catch (IllegalArgumentException e) {
      System.err.println("nemesis: --faults: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    ClusterConfig cluster = config.load();
    Path dir =
        data != null
            ? data
            : Path.of(
                "data",
                "nemesis-"
                    + seed
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    for (String id : cluster.ids()) {
      if (notEmpty(dir.resolve(id))) {
        System.err.println(
            "nemesis: "
                + dir.resolve(id)
                + " already holds node data, which the history would not"
                + " explain. Fix: pass a new or empty --data directory.");
        return Main.EXIT_USAGE;
      }
    }
    Path file = history != null ? history : dir.resolve("history.jsonl");
    Nemesis.Settings settings =
        new Nemesis.Settings(
            cluster,
            dir,
            Duration.ofSeconds(duration),
            seed,
            chosen,
            file,
            clients,
            keys,
            Duration.ofMillis(clientDeadline));
    Nemesis.Report report = new Nemesis(settings, System.out).run();
    System.out.flush();
    return report.clean() ? 0 : 1;
  }

  private static boolean notEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }
}
