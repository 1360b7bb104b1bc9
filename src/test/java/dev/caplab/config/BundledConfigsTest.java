package dev.caplab.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledConfigsTest {

  @Test
  void findsTheBundledConfigsFromTheCheckout() {
    assertThat(BundledConfigs.dir().resolve("centralized.yaml")).exists();
    assertThat(BundledConfigs.dir().resolve("decentralized.yaml")).exists();
  }

  @Test
  void leavesPathsThatExistOrAreNotBundledAlone(@TempDir Path dir) throws Exception {
    Path mine = Files.writeString(dir.resolve("mine.yaml"), "nodes: []\n");
    assertThat(BundledConfigs.resolve(mine)).isEqualTo(mine);
    assertThat(BundledConfigs.resolve(Path.of("elsewhere/x.yaml")))
        .isEqualTo(Path.of("elsewhere/x.yaml"));
    assertThat(BundledConfigs.resolve(Path.of("configs/centralized.yaml"))).exists();
  }

  @Test
  void aMissingBundledNameStaysAsGivenSoTheLoaderNamesIt() {
    assertThat(BundledConfigs.resolve(Path.of("configs/no-such.yaml")))
        .isEqualTo(Path.of("configs/no-such.yaml"));
  }
}
