package dev.caplab.cli;

import dev.caplab.core.history.HistoryFormatException;
import dev.caplab.core.history.HistoryJson;
import dev.caplab.core.history.LinearizabilityChecker;
import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Verdict;
import dev.caplab.core.history.ViolationReport;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks that a history (JSON Lines: process, op, key, value, invoke_micros, complete_micros,",
      "outcome) is linearizable, key by key. Exit 0 if it is, 1 if not (the offending operations are printed),",
      "2 if the file cannot be read."
    })
final class CheckCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "HISTORY.jsonl",
      description = "The history, e.g. from `caplab nemesis`.")
  Path file;

  @Override
  public Integer call() {
    List<Operation> history;
    try {
      history = HistoryJson.read(file);
    } catch (NoSuchFileException e) {
      System.err.println(
          file + ": no such file. Fix: give the path of a history file (JSON Lines).");
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
    ViolationReport.lines(verdict.violation(), origin).forEach(System.out::println);
    return 1;
  }
}
