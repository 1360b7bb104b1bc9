package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** put and get share one --node option: parsed the same way, checked against the config. */
class NodeOptionTest {

  @TempDir Path dir;

  @Test
  void putAndGetTakeTheSameNodeOption() throws Exception {
    var config =
        ConfigLoader.load(
            Files.writeString(
                dir.resolve("c.yaml"),
                """
        master: {ip: 127.0.0.1, port: 18201}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 18202}
        """));
    GetCommand get = new GetCommand();
    new CommandLine(get).parseArgs("k", "-n", "slave_1");
    PutCommand put = new PutCommand();
    new CommandLine(put).parseArgs("k", "v");

    assertThat(get.node.resolve(config)).isEqualTo("slave_1");
    assertThat(put.node.resolve(config)).isEqualTo("master");
    new CommandLine(put).parseArgs("k", "v", "--node", "slave_9");
    assertThatThrownBy(() -> put.node.resolve(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no node 'slave_9'");
  }
}
