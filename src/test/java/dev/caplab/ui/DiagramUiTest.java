package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The time-space diagram on a real cluster: saved as a picture, saved as a trace, and the trace
 * replayed.
 */
class DiagramUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(30);

  @Test
  void theDiagramSavesAPictureAndATraceThatReplaysIntoTheSameDiagram() throws Exception {
    Path config = TestConfigs.centralized(dir, 31510);
    fx(
        () -> {
          fixture.lab.loadConfig(config);
          return null;
        });
    await().atMost(SHORT).until(() -> fx(() -> fixture.lab.configProperty().get() != null));
    robot.clickOn("Time-space diagram");
    robot.clickOn("#start-button");
    for (String node : List.of("master", "slave_1", "slave_2")) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    robot.clickOn("#key-field").write("color");
    robot.clickOn("#value-field").write("red");
    robot.clickOn("#put-button");
    awaitText(robot, "#result-label", "put color = red", SHORT);
    await()
        .alias("the put's prepares, votes, commits and acks are arrows")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                        () ->
                            fixture.lab.timeline().arrows().stream()
                                .filter(a -> a.sent().key().equals("color"))
                                .count())
                    >= 8);

    Path png = dir.resolve("diagram.png");
    Path trace = dir.resolve("run.jsonl");
    AtomicReference<List<TimelineViewModel.Mark>> marksSaved = new AtomicReference<>();
    AtomicReference<List<TimelineViewModel.Arrow>> arrowsSaved = new AtomicReference<>();
    TimelineView diagram = fx(() -> robot.lookup("#timeline").queryAs(TimelineView.class));
    fx(
        () -> {
          diagram.useFiles(
              new FilePrompt() {
                @Override
                public Optional<Path> save(
                    Window owner, String title, String name, String description, String ext) {
                  // On the FX thread, just before the lab takes its copy: what the diagram shows at
                  // that moment.
                  marksSaved.set(fixture.lab.timeline().marks());
                  arrowsSaved.set(fixture.lab.timeline().arrows());
                  return Optional.of(ext.equals("png") ? png : trace);
                }

                @Override
                public Optional<Path> open(
                    Window owner, String title, String description, String ext) {
                  return Optional.of(trace);
                }
              });
          return null;
        });

    robot.clickOn("#timeline-export-png");
    awaitText(robot, "#message-label", "Saved the diagram", SHORT);
    BufferedImage image = ImageIO.read(png.toFile());
    double[] size =
        fx(
            () -> {
              var canvas =
                  robot.lookup("#timeline-canvas").queryAs(javafx.scene.canvas.Canvas.class);
              return new double[] {canvas.getWidth(), canvas.getHeight()};
            });
    assertThat(image).as("a PNG the JDK can read").isNotNull();
    assertThat(image.getWidth()).isEqualTo((int) size[0]).isGreaterThan(300);
    assertThat(image.getHeight()).isEqualTo((int) size[1]).isGreaterThan(150);
    assertThat(distinctColours(image))
        .as("arrows in several colours, not a blank picture")
        .isGreaterThan(5);

    robot.clickOn("#timeline-save-trace");
    awaitText(robot, "#message-label", "Saved ", SHORT);
    assertThat(Files.readAllLines(trace))
        .hasSizeGreaterThanOrEqualTo(marksSaved.get().size())
        .allSatisfy(line -> assertThat(line).startsWith("{\"node\":"));
    assertThat(Files.readString(TraceRecorder.historyFile(trace)))
        .contains("\"op\":\"put\",\"key\":\"color\",\"value\":\"red\"")
        .contains("\"outcome\":\"ok\"");

    fx(() -> fixture.lab.stop());
    await()
        .atMost(SHORT)
        .until(() -> fx(() -> fixture.lab.phaseProperty().get() == ClusterPhase.IDLE));
    robot.clickOn("#timeline-open-trace");
    await().atMost(SHORT).until(() -> fx(() -> fixture.lab.replayingProperty().get()));
    await()
        .alias("the replay ends")
        .atMost(Duration.ofSeconds(90))
        .until(() -> fx(() -> !fixture.lab.replayingProperty().get()));

    assertThat(fx(() -> fixture.lab.timeline().marks())).isEqualTo(marksSaved.get());
    assertThat(fx(() -> fixture.lab.timeline().arrows())).isEqualTo(arrowsSaved.get());
    assertThat(LabFixture.text(robot, "#message-label")).startsWith("Replayed ");
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
