package dev.caplab.lesson;

import dev.caplab.config.BundledConfigs;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A centralized and a decentralized cluster run side by side (a compare lesson, the GUI's Compare
 * view). Both bundled configs use ports 32770-32772, so the pair is moved to consecutive ports of
 * its own: the centralized nodes from the base on, the decentralized ones right after them
 * (32780-32785 by default, clear of a lab running a bundled config). Immutable.
 */
public record ComparePair(LessonConfig centralized, LessonConfig decentralized) {

  /** Where the pair runs unless told otherwise. */
  public static final int DEFAULT_PORT_BASE = 32780;

  static final String CENTRALIZED = "centralized";
  static final String DECENTRALIZED = "decentralized";

  /** The bundled configs/centralized.yaml and configs/decentralized.yaml. */
  public static ComparePair bundled() throws IOException, ConfigException {
    return new ComparePair(bundled(CENTRALIZED), bundled(DECENTRALIZED));
  }

  private static LessonConfig bundled(String name) throws IOException, ConfigException {
    Path file = BundledConfigs.dir().resolve(name + ".yaml");
    String text = Files.readString(file);
    return new LessonConfig(file, List.of(), ConfigLoader.parse(file, text), text);
  }

  /**
   * Writes each config as dir/centralized/cluster.yaml and dir/decentralized/cluster.yaml on
   * consecutive ports from portBase (0: {@link #DEFAULT_PORT_BASE}) and loads them back:
   * centralized first.
   */
  public List<ClusterConfig> writeTo(Path dir, int portBase) throws IOException, ConfigException {
    int base = portBase > 0 ? portBase : DEFAULT_PORT_BASE;
    ClusterConfig left = centralized.writeTo(dir.resolve(CENTRALIZED), base);
    ClusterConfig right =
        decentralized.writeTo(dir.resolve(DECENTRALIZED), base + left.nodes().size());
    return List.of(left, right);
  }

  /** "32780-32782", the ports a written config's nodes listen on. */
  public static String ports(ClusterConfig written) {
    int first = written.nodes().stream().mapToInt(n -> n.port()).min().orElse(0);
    int last = written.nodes().stream().mapToInt(n -> n.port()).max().orElse(0);
    return first == last ? String.valueOf(first) : first + "-" + last;
  }
}
