package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caplab.proto.etcd.RangeResponse;
import dev.caplab.tier.MultiProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written etcd proto against a real one-member etcd. Runs only where an `etcd` binary is
 * on the PATH (`apt-get install etcd-server`); skipped elsewhere, so `mvn verify` never needs etcd.
 */
@MultiProcess
class EtcdTargetTest {

  @TempDir Path dir;
  private Process etcd;
  private String endpoint;

  private static Path etcdBinary() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, "etcd");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @BeforeEach
  void startEtcd() throws Exception {
    Path binary = etcdBinary();
    assumeTrue(binary != null, "no etcd on the PATH");
    int client = freePort();
    int peer = freePort();
    endpoint = "127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    etcd =
        new ProcessBuilder(
                binary.toString(),
                "--name",
                "solo",
                "--data-dir",
                dir.resolve("etcd").toString(),
                "--listen-client-urls",
                "http://" + endpoint,
                "--advertise-client-urls",
                "http://" + endpoint,
                "--listen-peer-urls",
                peerUrl,
                "--initial-advertise-peer-urls",
                peerUrl,
                "--initial-cluster",
                "solo=" + peerUrl)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("etcd.log").toFile())
            .start();
  }

  @AfterEach
  void stopEtcd() throws InterruptedException {
    if (etcd != null) {
      etcd.destroy();
      if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
        etcd.destroyForcibly();
      }
    }
  }

  /** The first put that succeeds: etcd serves once it has elected itself. */
  private void awaitServing(EtcdTarget target) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        target.put(endpoint, "probe", "1").join();
        return;
      } catch (CompletionException e) {
        if (System.nanoTime() > deadline || !etcd.isAlive()) {
          throw new AssertionError(
              "etcd did not serve: " + Files.readString(dir.resolve("etcd.log")), e);
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void putThenLinearizableRangeReadsTheValueBack() throws Exception {
    try (EtcdTarget target = new EtcdTarget(List.of(endpoint), Duration.ofSeconds(10))) {
      awaitServing(target);
      target.put(endpoint, "greeting", "héllo").join();
      RangeResponse read = (RangeResponse) target.get(endpoint, "greeting").join();
      assertThat(read.getKvsList()).hasSize(1);
      assertThat(read.getKvs(0).getValue().toStringUtf8()).isEqualTo("héllo");
      assertThat(read.getKvs(0).getVersion()).isEqualTo(1);
      assertThat(((RangeResponse) target.get(endpoint, "missing").join()).getKvsCount()).isZero();
    }
  }

  @Test
  void benchCommandDrivesEtcd() throws Exception {
    try (EtcdTarget target = new EtcdTarget(List.of(endpoint), Duration.ofSeconds(10))) {
      awaitServing(target);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.execute(
              "bench",
              "--etcd",
              endpoint,
              "--concurrency",
              "2",
              "--duration",
              "1",
              "--warmup",
              "0",
              "--keys",
              "10");
    } finally {
      System.setOut(originalOut);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed)
        .contains("(etcd)")
        .containsPattern("put: [1-9]\\d* ops")
        .containsPattern("get: [1-9]\\d* ops")
        .contains("errors 0");
  }
}
