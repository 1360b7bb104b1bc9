package dev.caplab.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of a node process: this JVM's java binary and class path, with flags for a fast
 * start. From the jar it adds an AppCDS archive (target/caplab-node.jsa next to the jar), made once
 * by a training run; from class directories (tests, mvn javafx:run) AppCDS cannot apply and is left
 * out. Stateless apart from the archive file; prepareCds() is safe to call from several processes.
 */
final class JavaCommand {

  /**
   * Set up on first use, not with the class: logging's set-up takes a third of a second in a JVM
   * without the AppCDS archive, and the nodes should be booting by then.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(JavaCommand.class);
  }

  private static final Object CDS_LOCK = new Object();
  static final String MAIN = "dev.caplab.cli.Main";
  static final List<String> FAST_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  private final String java;
  private final String classPath;
  private final Optional<Path> jar;

  JavaCommand(String java, String classPath, Optional<Path> jar) {
    this.java = java;
    this.classPath = classPath;
    this.jar = jar;
  }

  /**
   * Trains the archive beside the jar this runs from, as the first supervisor would; {@code mvn
   * package} runs it right after the jar is built, so the first cluster after a build starts warm.
   * Never fails the build: without an archive the nodes start as before, a little slower.
   */
  public static void main(String[] args) {
    Optional<Path> archive = current().prepareCds();
    System.out.println(
        archive.map(path -> "AppCDS archive: " + path).orElse("no AppCDS archive (see above)"));
  }

  static JavaCommand current() {
    return new JavaCommand(javaBinary(), System.getProperty("java.class.path"), ownJar());
  }

  /**
   * java.home's java: in the app image this JVM runs behind a native launcher (the process command
   * is "caplab", not java), and its runtime keeps bin/java for the nodes. The process command
   * serves only a runtime without one.
   */
  private static String javaBinary() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(java)) {
      return java.toString();
    }
    return ProcessHandle.current().info().command().orElse(java.toString());
  }

  /** The jar this code runs from, when it runs from one. */
  private static Optional<Path> ownJar() {
    try {
      Path location =
          Path.of(JavaCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.toString().endsWith(".jar") && Files.isRegularFile(location)
          ? Optional.of(location)
          : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  List<String> node(Path config, String id, Path dataRoot, Optional<Path> cdsArchive) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(FAST_START);
    cdsArchive.ifPresent(archive -> command.add("-XX:SharedArchiveFile=" + archive));
    command.addAll(
        List.of(
            "-cp",
            jar.map(Path::toString).orElse(classPath),
            MAIN,
            "node",
            "--config",
            config.toString(),
            "--id",
            id,
            "--data",
            dataRoot.toString(),
            "--exit-with-parent",
            Long.toString(ProcessHandle.current().pid())));
    return command;
  }

  /**
   * The AppCDS archive for the jar, made by a training run if missing or older than the jar; empty
   * when not running from a jar or when training fails (nodes then start without it, only slower).
   */
  Optional<Path> prepareCds() {
    if (jar.isEmpty()) {
      return Optional.empty();
    }
    // Two supervisors in one JVM (the Compare view, a compare lesson) start at once: one trains,
    // the other waits
    // for its archive rather than training a second JVM beside it on a busy machine.
    synchronized (CDS_LOCK) {
      return prepareCds(jar.get());
    }
  }

  private Optional<Path> prepareCds(Path jarFile) {
    Path archive = jarFile.resolveSibling("caplab-node.jsa");
    try {
      if (Files.exists(archive)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jarFile))
              >= 0) {
        return Optional.of(archive);
      }
      Path partial = Files.createTempFile(archive.getParent(), "caplab-node", ".jsa.tmp");
      Files.delete(partial); // the JVM writes it anew at exit
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(FAST_START);
      command.addAll(
          List.of(
              "-XX:ArchiveClassesAtExit=" + partial,
              "-cp",
              jarFile.toString(),
              MAIN,
              "node",
              "--train-cds"));
      Log.LOG.info("Creating the AppCDS archive {} (once per build)", archive);
      Process training =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!training.waitFor(60, TimeUnit.SECONDS)) {
        training.destroyForcibly();
        Log.LOG.warn("AppCDS training did not finish in 60 s; nodes start without the archive");
        return Optional.empty();
      }
      if (training.exitValue() != 0 || !Files.exists(partial)) {
        Log.LOG.warn(
            "AppCDS training failed (exit {}); nodes start without the archive",
            training.exitValue());
        Files.deleteIfExists(partial);
        return Optional.empty();
      }
      Files.move(
          partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(archive);
    } catch (IOException e) {
      Log.LOG.warn("AppCDS archive unavailable ({}); nodes start without it", e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
