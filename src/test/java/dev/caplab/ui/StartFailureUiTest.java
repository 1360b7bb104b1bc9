package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;

import dev.caplab.tier.GuiTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A node that cannot start shows why, and the others start anyway. */
@ExtendWith(ApplicationExtension.class)
@GuiTest
class StartFailureUiTest {

  private static final int BASE_PORT = 24130;

  @TempDir Path dir;
  private LabFixture fixture;

  @Start
  void start(Stage stage) {
    fixture = new LabFixture(dir.resolve("data"));
    fixture.show(stage);
    fixture.lab.loadConfig(TestConfigs.centralized(dir, BASE_PORT));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aNodeWhosePortIsTakenShowsFailedWithTheReason(FxRobot robot) throws Exception {
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
