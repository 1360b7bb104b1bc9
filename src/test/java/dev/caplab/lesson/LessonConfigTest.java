package dev.caplab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonConfigTest {

  private static LessonConfig configOf(String config) throws Exception {
    return LessonLoader.parse(
            Path.of("assets/lessons/t.yaml"),
            "title: T\nsummary: S\nconfig: " + config + "\nsteps: [{say: hi}]\n")
        .config();
  }

  @Test
  void portBaseMovesEveryNodeInOrder(@TempDir Path dir) throws Exception {
    ClusterConfig written = configOf("centralized").writeTo(dir, 28500);
    assertThat(written.nodes()).extracting(NodeConfig::port).containsExactly(28500, 28501, 28502);
    assertThat(written.ids()).containsExactly("master", "slave_1", "slave_2");
    assertThat(written.source()).isEqualTo(dir.resolve("cluster.yaml"));
  }

  @Test
  void portBaseZeroKeepsTheConfigsPortsAndOverrides(@TempDir Path dir) throws Exception {
    ClusterConfig written =
        configOf("{base: decentralized, set: {read_quorum: 1, write_quorum: 4}}").writeTo(dir, 0);
    assertThat(written.nodes()).extracting(NodeConfig::port).containsExactly(32770, 32771, 32772);
    assertThat(written.nodes()).extracting(NodeConfig::weight).containsExactly(1, 2, 1);
    assertThat(written.readQuorum()).isEqualTo(1);
    assertThat(written.writeQuorum()).isEqualTo(4);
  }
}
