package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The node's own parser reads what picocli reads, and leaves to picocli what it does not know. */
class NodeLaunchTest {

  @Test
  void readsTheSupervisorsCommandLineAsPicocliDoes() {
    String[] args = {
      "node",
      "--config",
      "c.yaml",
      "--id",
      "slave_1",
      "--data",
      "/tmp/d",
      "--exit-with-parent",
      "42"
    };
    NodeLaunch fast = NodeLaunch.parse(args).orElseThrow();
    NodeCommand picocli = new NodeCommand();
    new CommandLine(picocli).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));

    assertThat(fast.config()).isEqualTo(picocli.config.file).isEqualTo(Path.of("c.yaml"));
    assertThat(fast.id()).contains(picocli.id);
    assertThat(fast.data()).isEqualTo(picocli.data);
    assertThat(fast.parentPid()).isEqualTo(OptionalLong.of(picocli.parentPid));
    assertThat(fast.trainCds()).isFalse();
  }

  @Test
  void defaultsAreThoseOfTheCommand() {
    NodeLaunch fast = NodeLaunch.parse(new String[] {"node", "--id=master", "--train-cds"}).get();
    NodeCommand picocli = new NodeCommand();
    new CommandLine(picocli).parseArgs("--id=master", "--train-cds");

    assertThat(fast.config()).isEqualTo(picocli.config.file);
    assertThat(fast.data()).isEqualTo(picocli.data);
    assertThat(fast.id()).contains("master");
    assertThat(fast.parentPid()).isEmpty();
    assertThat(fast.trainCds()).isTrue();
  }

  @Test
  void leavesHelpTyposAndMissingValuesToPicocli() {
    assertThat(NodeLaunch.parse(new String[] {"node", "--help"})).isEmpty();
    assertThat(NodeLaunch.parse(new String[] {"node", "-h"})).isEmpty();
    assertThat(NodeLaunch.parse(new String[] {"node", "--idd", "x"})).isEmpty();
    assertThat(NodeLaunch.parse(new String[] {"node", "--id"})).isEmpty();
    assertThat(NodeLaunch.parse(new String[] {"node", "--exit-with-parent", "abc"})).isEmpty();
    assertThat(NodeLaunch.parse(new String[] {"node", "--id", "a", "extra"})).isEmpty();
    assertThat(NodeLaunch.parse(new String[] {"cluster", "--config", "c.yaml"})).isEmpty();
  }
}
