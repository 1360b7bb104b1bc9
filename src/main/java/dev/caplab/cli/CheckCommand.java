package dev.caplab.cli;

import dev.caplab.core.history.HistoryFormatException;
import dev.caplab.core.history.HistoryJson;
import dev.caplab.core.history.LinearizabilityChecker;
import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Verdict;
import dev.caplab.core.history.Violation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Checks that a history (JSON Lines: process, op, key, value, invoke_micros, complete_micros,",
        "outcome) is linearizable, key by key. Exit 0 if it is, 1 if not (the offending operations are printed),",
        "2 if the file cannot be read."})
final class CheckCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HISTORY.jsonl", description = "The history, e.g. from `caplab nemesis`.")
  Path file;

  @Override
  public Integer call() {
    List<Operation> history;
    try {
      history = HistoryJson.read(file);
    } catch (NoSuchFileException e) {
      System.err.println(file + ": no such file. Fix: give the path of a history file (JSON Lines).");
      return Main.EXIT_USAGE;
    } catch (IOException e) {
      System.err.println(file + ": cannot read: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (HistoryFormatException e) {
      System.err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
    Verdict verdict = LinearizabilityChecker.check(history);
    System.out.println(verdict.headline());
    if (verdict.linearizable()) {
      return 0;
    }
    long origin = history.stream().mapToLong(Operation::invokeMicros).min().orElse(0);
    print(verdict.violation(), origin, System.out);
    return 1;
  }

  /** The violation in words, then its operations one per line; times in seconds since the first invocation. */
  static void print(Violation violation, long origin, PrintStream out) {
    out.println(violation.explanation());
    out.println("operations on key " + violation.key() + " involved:");
    for (Operation op : violation.operations()) {
      out.println("  " + line(op, origin));
    }
    if (!violation.longestPrefix().isEmpty()) {
      out.println("longest linearizable prefix (" + violation.longestPrefix().size() + " operations), last ones:");
      List<Operation> prefix = violation.longestPrefix();
      for (Operation op : prefix.subList(Math.max(0, prefix.size() - 10), prefix.size())) {
        out.println("  " + line(op, origin));
      }
    }
  }

  private static String line(Operation op, long origin) {
    return String.format(Locale.ROOT, "%-28s %s, invoked %.6f s, completed %s", op.describe(), op.process(),
        (op.invokeMicros() - origin) / 1e6, op.outcome() == Operation.Outcome.UNKNOWN ? "?"
            : String.format(Locale.ROOT, "%.6f s", (op.completeMicros() - origin) / 1e6))
        + " (" + op.outcome().name().toLowerCase(Locale.ROOT) + ")";
  }
}
