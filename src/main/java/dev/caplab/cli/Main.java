package dev.caplab.cli;

import dev.caplab.config.ConfigException;
import dev.caplab.core.Failures;
import io.grpc.StatusRuntimeException;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `caplab`: without arguments opens the GUI; otherwise runs one of the subcommands. */
@Command(
    name = "caplab",
    mixinStandardHelpOptions = true,
    version = "caplab 0.1.0",
    description =
        "CAP Lab: a replicated key-value store to experiment with. Without a command, opens the GUI.",
    subcommands = {
      NodeCommand.class,
      ClusterCommand.class,
      PutCommand.class,
      GetCommand.class,
      BenchCommand.class,
      WatchCommand.class,
      SuperviseCommand.Fail.class,
      SuperviseCommand.Recover.class,
      SuperviseCommand.Ps.class,
      CheckCommand.class,
      NemesisCommand.class,
      LessonCommand.class
    })
public final class Main implements Runnable {

  /** Bad config or usage. */
  static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    if (args.length == 0) {
      Gui.launch();
      return;
    }
    // The supervisor's nodes start here: without picocli, which is a third of a node's start.
    OptionalInt plain = NodeLaunch.tryRun(args);
    if (plain.isEmpty()) {
      plain = ClusterLaunch.tryRun(args); // its nodes launch half a second sooner without picocli
    }
    System.exit(plain.isPresent() ? plain.getAsInt() : execute(args));
  }

  /** Runs the command line and returns its exit code (for tests and the launcher). */
  static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> failed(error));
    return cli.execute(args);
  }

  /** Prints a command's failure as one line; the exit code: 2 for a bad config, else 1. */
  static int failed(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof ConfigException) {
      System.err.println(cause.getMessage());
      return EXIT_USAGE;
    }
    if (cause instanceof StatusRuntimeException status) {
      System.err.println("error: " + Errors.describe(status));
      return 1;
    }
    System.err.println("error: " + cause);
    return 1;
  }

  @Override
  public void run() {
    Gui.launch();
  }
}
