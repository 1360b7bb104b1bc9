package dev.caplab.ui;

import dev.caplab.config.BundledConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Not a test: opens the real lab window on a real cluster and sets up one scene for a README
 * screenshot, then prints {@code READY} (take the screenshot then) and keeps the window open until
 * killed.
 *
 * <pre>
 * DISPLAY=:99 java -cp target/classes:target/test-classes:$(cat cp.txt) dev.caplab.ui.ScreenshotScenes step|stale|charts|compare|diagram|lesson|overlay|links
 * </pre>
 */
public final class ScreenshotScenes {

  private ScreenshotScenes() {}

  public static void main(String[] args) {
    Application.launch(Window.class, args);
  }

  /** The lab window and the scene's driver. */
  public static final class Window extends Application {

    private LabViewModel lab;
    private Stage stage;

    @Override
    public void start(Stage stage) throws Exception {
      this.stage = stage;
      String scene =
          getParameters().getUnnamed().isEmpty() ? "step" : getParameters().getUnnamed().get(0);
      Path dir = Files.createTempDirectory("caplab-shot");
      if (scene.equals("compare")) {
        showCompare(stage, dir);
        return;
      }
      lab =
          new LabViewModel(
              Platform::runLater,
              Duration.ofMillis(16),
              Executors.newCachedThreadPool(),
              LiveCluster::open,
              dir.resolve("data"));
      new LabApp().show(stage, lab);
      Path file =
          scene.equals("stale")
              ? TestConfigs.write(
                  dir.resolve("weak-quorums.yaml"),
                  """
          read_quorum: 1
          write_quorum: 1
          unsafe_quorums: true
          request_timeout_ms: 1000
          nodes:
            - {id: node_0, ip: 127.0.0.1, port: 27510, weight: 1}
            - {id: node_1, ip: 127.0.0.1, port: 27511, weight: 1}
            - {id: node_2, ip: 127.0.0.1, port: 27512, weight: 1}
          """)
              : scene.equals("overlay")
                  ? TestConfigs.write(
                      dir.resolve("weak-quorums.yaml"),
                      """
          read_quorum: 1
          write_quorum: 2
          unsafe_quorums: true
          request_timeout_ms: 1000
          nodes:
            - {id: node_0, ip: 127.0.0.1, port: 31110, weight: 1}
            - {id: node_1, ip: 127.0.0.1, port: 31111, weight: 2}
            - {id: node_2, ip: 127.0.0.1, port: 31112, weight: 1}
          """)
                  : scene.equals("links")
                      ? TestConfigs.decentralized(dir, 31120)
                      : scene.equals("charts")
                          ? TestConfigs.decentralized(dir, 29550)
                          : scene.equals("diagram")
                              ? TestConfigs.centralized(dir, 31520)
                              : scene.equals("quorum")
                                  ? bundledOnPorts(dir, "decentralized", 2753)
                                  : scene.equals("put") || scene.equals("down")
                                      ? bundledOnPorts(dir, "centralized", 2754)
                                      : TestConfigs.centralized(dir, 27500);
      lab.loadConfig(file);
      Thread driver =
          new Thread(
              () -> {
                try {
                  if (scene.equals("stale")) {
                    staleRead();
                  } else if (scene.equals("overlay")) {
                    overlayOnAStaleRead();
                  } else if (scene.equals("links")) {
                    cutLinks();
                  } else if (scene.equals("charts")) {
                    chartsDuringAFault();
                  } else if (scene.equals("diagram")) {
                    diagramZoomedIn();
                  } else if (scene.equals("lesson")) {
                    lessonMidQuestion();
                  } else if (scene.equals("put")) {
                    putThenGet("master", "master");
                  } else if (scene.equals("quorum")) {
                    putThenGet("node_0", "node_2");
                  } else if (scene.equals("down")) {
                    putWithASlaveDown();
                  } else {
                    stepMode();
                  }
                  System.out.println("READY");
                } catch (Exception e) {
                  e.printStackTrace();
                  System.out.println("FAILED " + e);
                }
              },
              "screenshot-driver");
      driver.setDaemon(true);
      driver.start();
    }

    private void stepMode() throws Exception {
      await(() -> fx(() -> lab.configProperty().get() != null));
      fx(
          () -> {
            lab.step().setOn(true);
            lab.start();
            return null;
          });
      awaitServing();
      console("color", "red", "master");
      fx(
          () -> {
            lab.console().put();
            return null;
          });
      await(() -> fx(() -> lab.step().parked().size() == 2));
      StepModeViewModel.Parked toSlave1 =
          fx(
              () ->
                  lab.step().parked().stream()
                      .filter(p -> p.to().equals("slave_1"))
                      .findFirst()
                      .orElseThrow());
      fx(
          () -> {
            lab.step()
                .deliver(toSlave1); // slave_1 prepares; the prepare to slave_2 and the commit wait
            return null;
          });
      await(
          () ->
              fx(() -> lab.node("slave_1").orElseThrow().phaseProperty().get().equals("PREPARED")));
      Thread.sleep(1500); // let the vote's token land before the picture
    }

    /**
     * A bundled config, its timeouts too (a test config's generous ones would show a put waiting
     * seconds for a killed slave's lease), on ports {@code base}0-2 instead of 32770-32772.
     */
    private static Path bundledOnPorts(Path dir, String mode, int base) throws IOException {
      String yaml =
          Files.readString(BundledConfigs.dir().resolve(mode + ".yaml"))
              .replaceAll("port: 3277([0-9])", "port: " + base + "$1");
      return TestConfigs.write(dir.resolve(mode + ".yaml"), yaml);
    }

    /** A put at one node and a get of it at another (README: centralized and decentralized). */
    private void putThenGet(String putAt, String getAt) throws Exception {
      startAndServe();
      console("fruit", "mango", putAt);
      issue(true, 1);
      console("fruit", "", getAt);
      issue(false, 2);
      Thread.sleep(1500); // let the last tokens land before the picture
    }

    /** slave_1 killed; the master excludes it and commits with slave_2 (README). */
    private void putWithASlaveDown() throws Exception {
      startAndServe();
      fx(
          () -> {
            lab.actions().fail("slave_1");
            return null;
          });
      await(() -> fx(() -> lab.node("slave_1").orElseThrow().status() == NodeStatus.DOWN));
      console("fruit", "kiwi", "master");
      issue(true, 1);
      Thread.sleep(1500);
    }

    private void startAndServe() throws Exception {
      await(() -> fx(() -> lab.configProperty().get() != null));
      fx(
          () -> {
            lab.start();
            return null;
          });
      awaitServing();
    }

    /** Issues the console's put or get and waits until it is the count-th answered operation. */
    private void issue(boolean put, int count) throws Exception {
      fx(
          () -> {
            if (put) {
              lab.console().put();
            } else {
              lab.console().get();
            }
            return null;
          });
      await(
          () ->
              fx(
                  () ->
                      lab.console().history().size() == count
                          && !lab.console().history().get(0).pending()));
    }

    private void staleRead() throws Exception {
      await(() -> fx(() -> lab.configProperty().get() != null));
      fx(
          () -> {
            lab.start();
            return null;
          });
      awaitServing();
      console("color", "blue", "node_0");
      fx(
          () -> {
            lab.console().put();
            return null;
          });
      await(() -> fx(() -> lab.node("node_2").orElseThrow().keyCountProperty().get() == 1));
      fx(
          () -> {
            lab.actions().isolate("node_2");
            return null;
          });
      await(() -> fx(() -> lab.node("node_2").orElseThrow().isolatedProperty().get()));
      console("color", "red", "node_0");
      fx(
          () -> {
            lab.console().put();
            return null;
          });
      await(
          () ->
              fx(
                  () ->
                      lab.console().history().size() == 2
                          && !lab.console().history().get(0).pending()));
      console("color", "", "node_2");
      fx(
          () -> {
            lab.console().get();
            return null;
          });
      await(() -> fx(() -> lab.verdict().stateProperty().get() == VerdictViewModel.State.VIOLATED));
      fx(
          () -> {
            lab.verdict().showInvolved();
            ((javafx.scene.control.TabPane) stage.getScene().lookup("#lower-tabs"))
                .getSelectionModel()
                .select(1);
            return null;
          });
      Thread.sleep(1500);
    }

    /** Lesson 07 by hand: the put's write quorum and the stale get's read quorum share no node. */
    private void overlayOnAStaleRead() throws Exception {
      await(() -> fx(() -> lab.configProperty().get() != null));
      fx(
          () -> {
            lab.start();
            return null;
          });
      awaitServing();
      console("k", "old", "node_1");
      fx(
          () -> {
            lab.console().put();
            return null;
          });
      await(() -> fx(() -> lab.node("node_0").orElseThrow().keyCountProperty().get() == 1));
      Thread.sleep(1500);
      fx(
          () -> {
            lab.actions().isolate("node_0");
            return null;
          });
      await(() -> fx(() -> lab.links().link("node_0", "node_1").get().cutBothWays()));
      console("k", "new", "node_2");
      fx(
          () -> {
            lab.console().put();
            return null;
          });
      await(
          () ->
              fx(
                  () ->
                      lab.console().history().size() == 2
                          && !lab.console().history().get(0).pending()));
      console("k", "", "node_0");
      fx(
          () -> {
            lab.console().get();
            return null;
          });
      await(
          () ->
              fx(
                  () ->
                      lab.quorum().overlayProperty().get() != null
                          && lab.quorum().overlayProperty().get().pinned()));
      Thread.sleep(1500);
    }

    /** One link cut one way, one delayed both ways, a put through them. */
    private void cutLinks() throws Exception {
      await(() -> fx(() -> lab.configProperty().get() != null));
      fx(
          () -> {
            lab.start();
            return null;
          });
      awaitServing();
      fx(
          () -> {
            lab.links().cut("node_0", "node_1");
            lab.links().delayBothWays("node_1", "node_2", 200);
            return null;
          });
      await(
          () ->
              fx(
                  () ->
                      lab.links().link("node_0", "node_1").get().from("node_0").cut()
                          && lab.links().link("node_1", "node_2").get().from("node_2").delayMillis()
                              == 200));
      console("color", "red", "node_1");
      fx(
          () -> {
            lab.console().put();
            return null;
          });
      Thread.sleep(2500);
    }

    /**
     * The Load on a decentralized cluster, then node_1 (2 of the 4 votes) killed: writes stop,
     * reads go on.
     */
    private void chartsDuringAFault() throws Exception {
      await(() -> fx(() -> lab.configProperty().get() != null));
      fx(
          () -> {
            lab.start();
            return null;
          });
      awaitServing();
      fx(
          () -> {
            javafx.scene.control.TabPane tabs =
                (javafx.scene.control.TabPane) stage.getScene().lookup("#lower-tabs");
            tabs.getSelectionModel().select(2);
            javafx.scene.Parent body = tabs.getParent();
            while (!(body instanceof javafx.scene.control.SplitPane)) {
              body = body.getParent();
            }
            ((javafx.scene.control.SplitPane) body)
                .setDividerPositions(0.42); // room for the charts
            lab.load().setRunning(true);
            return null;
          });
      Thread.sleep(35_000);
      fx(
          () -> {
            lab.actions().fail("node_1");
            return null;
          });
      await(() -> fx(() -> lab.node("node_1").orElseThrow().status() == NodeStatus.DOWN));
      Thread.sleep(20_000);
    }

    /**
     * The Compare view under the Load on both clusters, then the coordinator of both (master,
     * node_1) killed.
     */
    private void showCompare(Stage stage, Path dir) throws Exception {
      CompareViewModel compare =
          CompareViewModel.bundled(
              Platform::runLater,
              Duration.ofMillis(16),
              Executors.newCachedThreadPool(),
              LiveCluster::open,
              dir,
              30650);
      CompareWindow.show(stage, compare, null);
      Thread driver =
          new Thread(
              () -> {
                try {
                  fx(
                      () -> {
                        compare.start();
                        return null;
                      });
                  await(
                      () ->
                          fx(
                              () ->
                                  compare.phaseProperty().get() == ClusterPhase.RUNNING
                                      && compare.sides().stream()
                                          .allMatch(
                                              s ->
                                                  s.nodes().stream()
                                                      .allMatch(
                                                          n -> n.status() == NodeStatus.SERVING))));
                  fx(
                      () -> {
                        compare.setLoad(true);
                        return null;
                      });
                  Thread.sleep(30_000);
                  fx(
                      () -> {
                        compare.apply(CompareViewModel.Fault.FAIL);
                        return null;
                      });
                  Thread.sleep(20_000);
                  System.out.println("READY");
                } catch (Exception e) {
                  e.printStackTrace();
                  System.out.println("FAILED " + e);
                }
              },
              "screenshot-driver");
      driver.setDaemon(true);
      driver.start();
    }

    /**
     * Two puts and a get in two-phase commit, the diagram zoomed in and a prepare clicked for its
     * details.
     */
    private void diagramZoomedIn() throws Exception {
      await(() -> fx(() -> lab.configProperty().get() != null));
      List<String> args = getParameters().getUnnamed();
      if (args.size() > 1) { // a saved trace of a centralized cluster: replayed, no cluster needed
        fx(
            () -> {
              ((javafx.scene.control.TabPane) stage.getScene().lookup("#lower-tabs"))
                  .getSelectionModel()
                  .select(1);
              lab.openTrace(Path.of(args.get(1)));
              return null;
            });
        await(() -> fx(() -> lab.replayingProperty().get()));
        await(() -> fx(() -> !lab.replayingProperty().get()));
        zoomAndPick();
        return;
      }
      fx(
          () -> {
            ((javafx.scene.control.TabPane) stage.getScene().lookup("#lower-tabs"))
                .getSelectionModel()
                .select(1);
            lab.start();
            return null;
          });
      awaitServing();
      for (String[] op : new String[][] {{"color", "red", "master"}, {"size", "3", "master"}}) {
        console(op[0], op[1], op[2]);
        fx(
            () -> {
              lab.console().put();
              return null;
            });
        await(() -> fx(() -> lab.console().history().stream().noneMatch(OpRecord::pending)));
      }
      console("color", "", "slave_1");
      fx(
          () -> {
            lab.console().get();
            return null;
          });
      Thread.sleep(3000); // the tokens land, the diagram catches up
      zoomAndPick();
    }

    private void zoomAndPick() throws Exception {
      fx(
          () -> {
            var canvas = (javafx.scene.canvas.Canvas) stage.getScene().lookup("#timeline-canvas");
            lab.timeline().zoomBy(1.3, canvas.getWidth() - 40, canvas.getWidth());
            var arrows = lab.timeline().arrows();
            arrows.stream()
                .filter(a -> a.label().equals("prepare"))
                .reduce((first, second) -> second)
                .ifPresent(lab.timeline()::select); // the last put's prepare, in view
            return null;
          });
      Thread.sleep(1000);
    }

    /**
     * The 2PC lesson's first question (ports 30050-30052), shown again with Back after the put and
     * the first check: the wrong prediction marked and corrected, the nodes the lesson points at
     * highlighted.
     */
    private void lessonMidQuestion() throws Exception {
      fx(
          () -> {
            lab.lesson().setPortBase(30050);
            lab.lesson().open(Path.of("assets/lessons/01-two-phase-commit.yaml"));
            return null;
          });
      await(
          () ->
              fx(
                  () ->
                      lab.phaseProperty().get() == ClusterPhase.RUNNING
                          && !lab.lesson().busyProperty().get()));
      awaitServing();
      for (int i = 0; i < 4; i++) {
        fx(
            () -> {
              if (lab.lesson().indexProperty().get() == 1) {
                lab.lesson().choose(0);
              }
              lab.lesson().next();
              return null;
            });
        Thread.sleep(300);
        await(() -> fx(() -> !lab.lesson().busyProperty().get()));
      }
      fx(
          () -> {
            lab.lesson().back(); // to the question, now answered by the run
            lab.lesson().back();
            return null;
          });
      Thread.sleep(1500);
    }

    private void awaitServing() throws Exception {
      await(
          () ->
              fx(
                  () ->
                      lab.phaseProperty().get() == ClusterPhase.RUNNING
                          && lab.nodes().stream().allMatch(n -> n.status() == NodeStatus.SERVING)));
    }

    private void console(String key, String value, String node) throws Exception {
      fx(
          () -> {
            lab.console().keyProperty().set(key);
            lab.console().valueProperty().set(value);
            lab.console().targetProperty().set(node);
            return null;
          });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the scene did not come about in 240 s");
        }
        Thread.sleep(100);
      }
    }

    private static <T> T fx(Callable<T> read) {
      CompletableFuture<T> result = new CompletableFuture<>();
      Platform.runLater(
          () -> {
            try {
              result.complete(read.call());
            } catch (Exception e) {
              result.completeExceptionally(e);
            }
          });
      return result.join();
    }
  }
}
