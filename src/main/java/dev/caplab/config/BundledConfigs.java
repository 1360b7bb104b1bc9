package dev.caplab.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bundled configs live: {@code configs/} in the working directory, or else the one in the
 * checkout the running jar was built in (target/caplab.jar → configs/), so the app and the CLI find
 * them when started from another directory.
 */
public final class BundledConfigs {

  private static final Path RELATIVE = Path.of("configs");

  private BundledConfigs() {}

  /**
   * The configs directory; {@code configs} (relative) when none is found, so messages name what was
   * tried.
   */
  public static Path dir() {
    if (Files.isDirectory(RELATIVE)) {
      return RELATIVE;
    }
    return besideJar().orElse(RELATIVE);
  }

  /**
   * A relative path that does not exist from here but does under the bundled checkout is resolved
   * there.
   */
  public static Path resolve(Path file) {
    if (file.isAbsolute() || Files.exists(file) || !file.startsWith(RELATIVE)) {
      return file;
    }
    Path candidate = dir().resolveSibling(file);
    return Files.exists(candidate) ? candidate : file;
  }

  private static Optional<Path> besideJar() {
    try {
      Path code =
          Path.of(BundledConfigs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
        if (Files.isDirectory(dir.resolve(RELATIVE))) {
          return Optional.of(dir.resolve(RELATIVE));
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // No code source (unusual class loaders): only the working directory counts.
    }
    return Optional.empty();
  }
}
