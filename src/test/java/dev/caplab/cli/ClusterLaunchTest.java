package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `cluster`'s own parser reads what picocli reads, and leaves to picocli what it does not know. */
class ClusterLaunchTest {

  @Test
  void readsAPlainClusterCommandLineAsPicocliDoes() {
    for (String[] args :
        new String[][] {
          {"cluster", "--config", "c.yaml", "--data", "/tmp/d"},
          {"cluster", "-c", "c.yaml"},
          {"cluster", "--data=/tmp/d"},
          {"cluster"}
        }) {
      ClusterCommand fast = ClusterLaunch.parse(args).orElseThrow();
      ClusterCommand picocli = new ClusterCommand();
      new CommandLine(picocli).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));

      assertThat(fast.config.file).as(String.join(" ", args)).isEqualTo(picocli.config.file);
      assertThat(fast.data).as(String.join(" ", args)).isEqualTo(picocli.data);
      assertThat(fast.only).isNull();
    }
    assertThat(ClusterLaunch.parse(new String[] {"cluster", "-c", "c.yaml"}).get().config.file)
        .isEqualTo(Path.of("c.yaml"));
  }

  @Test
  void leavesEverythingElseToPicocli() {
    assertThat(ClusterLaunch.parse(new String[] {"cluster", "--only", "node_1"})).isEmpty();
    assertThat(ClusterLaunch.parse(new String[] {"cluster", "--help"})).isEmpty();
    assertThat(ClusterLaunch.parse(new String[] {"cluster", "--config"})).isEmpty();
    assertThat(ClusterLaunch.parse(new String[] {"cluster", "--confg", "x.yaml"})).isEmpty();
    assertThat(ClusterLaunch.parse(new String[] {"node", "--id", "master"})).isEmpty();
  }
}
