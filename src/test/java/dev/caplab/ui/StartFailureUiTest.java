package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A node that cannot start shows why, and the others start anyway. */
class StartFailureUiTest extends LabWindowTest {

  private static final int BASE_PORT = 24130;

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, BASE_PORT));
  }

  @Test
  void aNodeWhosePortIsTakenShowsFailedWithTheReason() throws Exception {
    try (ServerSocket squatter =
        new ServerSocket(BASE_PORT + 2, 1, InetAddress.getByName("127.0.0.1"))) {
      awaitText(robot, "#status-slave_2", "stopped", Duration.ofSeconds(10));
      robot.clickOn("#start-button");

      awaitText(robot, "#status-slave_2", "failed to start", LabFixture.CLUSTER_TIMEOUT);
      awaitText(robot, "#detail-slave_2", "port " + (BASE_PORT + 2), Duration.ofSeconds(5));
      awaitText(robot, "#status-master", "serving", LabFixture.CLUSTER_TIMEOUT);
      awaitText(robot, "#message-label", "Not every node started", LabFixture.CLUSTER_TIMEOUT);
      awaitText(robot, "#inspector-title", "slave_2", Duration.ofSeconds(5));
    }
  }
}
