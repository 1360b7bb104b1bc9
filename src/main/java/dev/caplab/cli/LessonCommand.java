package dev.caplab.cli;

import dev.caplab.lesson.Lesson;
import dev.caplab.lesson.LessonException;
import dev.caplab.lesson.LessonLoader;
import dev.caplab.lesson.LessonRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "lesson",
    mixinStandardHelpOptions = true,
    description = "Runs or checks lesson files (format: assets/lessons/README.md).",
    subcommands = {LessonCommand.Run.class, LessonCommand.Check.class})
final class LessonCommand implements Runnable {

  @Override
  public void run() {
    System.err.println("usage: caplab lesson run FILE... | caplab lesson check FILE...");
  }

  /** Loads every file first, so that a typo in the last one is found before any cluster starts. */
  static List<Lesson> loadAll(List<Path> files) throws LessonException {
    List<Lesson> lessons = new ArrayList<>();
    for (Path file : files) {
      lessons.add(LessonLoader.load(file));
    }
    return lessons;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validates lesson files without running them.",
        "Prints `ok FILE` for each, or the first problem as FILE:LINE: what. Fix: how (exit 2)."
      })
  static final class Check implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    @Override
    public Integer call() {
      for (Path file : files) {
        try {
          Lesson lesson = LessonLoader.load(file);
          String clusters =
              lesson.clusters().stream()
                  .map(c -> c.ids().toString())
                  .collect(Collectors.joining(" beside "));
          System.out.println(
              "ok " + file + " (" + lesson.steps().size() + " steps, cluster " + clusters + ")");
        } catch (LessonException e) {
          System.err.println(e.getMessage());
          return Main.EXIT_USAGE;
        }
      }
      return 0;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Runs lessons headless on a real cluster, checking every expect.",
        "Each lesson starts its cluster on the ports of its config and stops it afterwards; questions are",
        "not asked. Stops at the first expectation that does not hold, printing FILE:LINE and what was",
        "seen (exit 1); a bad file exits 2."
      })
  static final class Run implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    @Option(
        names = "--data",
        paramLabel = "DIR",
        description =
            "Where each run keeps its config, node data and logs (DIR/<lesson>/). Default: a temporary"
                + " directory, deleted after a lesson passes.")
    Path data;

    @Option(
        names = "--port-base",
        paramLabel = "PORT",
        defaultValue = "0",
        description = "Move the nodes to ports PORT, PORT+1, ... instead of the config's.")
    int portBase;

    @Option(
        names = "--narrate",
        description = "Also print what the lesson says, asks (with the answer) and explains.")
    boolean narrate;

    @Override
    public Integer call() throws Exception {
      List<Lesson> lessons;
      try {
        lessons = loadAll(files);
      } catch (LessonException e) {
        System.err.println(e.getMessage());
        return Main.EXIT_USAGE;
      }
      for (Lesson lesson : lessons) {
        String name = lesson.source().getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path dir =
            data != null
                ? data.resolve(name)
                : Files.createTempDirectory("caplab-lesson-" + name + "-");
        if (data != null) {
          deleteTree(dir); // a lesson starts from empty stores
        }
        LessonRunner.Report report =
            LessonRunner.run(lesson, new LessonRunner.Options(dir, portBase, System.out, narrate));
        System.out.println(report.summary());
        if (!report.passed()) {
          System.out.println("  node logs and events.jsonl: " + dir.toAbsolutePath());
          return 1;
        }
        if (data == null) {
          deleteTree(dir);
        }
      }
      return 0;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
