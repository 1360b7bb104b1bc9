package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import dev.caplab.config.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cards (banner above, meter below) stay between the mode title and the pane's bottom edge. */
class TopologyLayoutTest {

  @ParameterizedTest
  @CsvSource({
    "CENTRALIZED, 3, 560, 276",
    "CENTRALIZED, 3, 545, 232",
    "CENTRALIZED, 3, 800, 340",
    "CENTRALIZED, 5, 1200, 700",
    "DECENTRALIZED, 3, 560, 276",
    "DECENTRALIZED, 3, 800, 340",
    "DECENTRALIZED, 5, 800, 300",
    "DECENTRALIZED, 5, 1200, 700"
  })
  void everyCardFitsBetweenTheTitleAndTheBottom(Mode mode, int count, double w, double h) {
    double scale = TopologyLayout.scale(w, h);
    Map<String, Point2D> centers = TopologyLayout.centers(nodes(mode, count), mode, w, h);

    assertThat(centers).hasSize(count);
    assertThat(scale).isBetween(0.75, 1.6);
    for (Point2D c : centers.values()) {
      double top = c.getY() - (NodeView.CARD / 2 + NodeView.BANNER) * scale;
      double bottom = c.getY() + (NodeView.CARD / 2 + NodeView.METER) * scale;
      assertThat(top)
          .as("top of a card at %s", c)
          .isGreaterThanOrEqualTo(TopologyLayout.TITLE_BAND - 0.01);
      assertThat(bottom).as("bottom of a card at %s", c).isLessThanOrEqualTo(h + 0.01);
      assertThat(c.getX() - NodeView.WIDTH / 2 * scale)
          .as("left of %s", c)
          .isGreaterThanOrEqualTo(0);
      assertThat(c.getX() + NodeView.WIDTH / 2 * scale).as("right of %s", c).isLessThanOrEqualTo(w);
    }
  }

  @ParameterizedTest
  @CsvSource({"800, 340", "560, 276"})
  void aMasterStaysAboveItsSlavesWhenSqueezed(double w, double h) {
    Map<String, Point2D> centers =
        TopologyLayout.centers(nodes(Mode.CENTRALIZED, 3), Mode.CENTRALIZED, w, h);
    double scale = TopologyLayout.scale(w, h);
    double masterBottom = centers.get("master").getY() + NodeView.CARD / 2 * scale;
    double slaveTop = centers.get("slave_1").getY() - (NodeView.CARD / 2 + NodeView.BANNER) * scale;
    assertThat(masterBottom).isLessThan(slaveTop);
  }

  @ParameterizedTest
  @CsvSource({"545, 232", "800, 200"})
  void aPaneTooShortForTwoRowsPutsTheMasterBetweenItsSlavesInOneRow(double w, double h) {
    Map<String, Point2D> centers =
        TopologyLayout.centers(nodes(Mode.CENTRALIZED, 3), Mode.CENTRALIZED, w, h);
    double scale = TopologyLayout.scale(w, h);

    assertThat(centers.get("slave_1").getX()).isLessThan(centers.get("master").getX());
    assertThat(centers.get("master").getX()).isLessThan(centers.get("slave_2").getX());
    List<Point2D> all = new ArrayList<>(centers.values());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        // Cards with their banners: side by side, none covers another.
        assertThat(Math.abs(all.get(i).getX() - all.get(j).getX()))
            .as("%s and %s", all.get(i), all.get(j))
            .isGreaterThanOrEqualTo(NodeView.WIDTH * scale);
      }
    }
  }

  private static List<NodeViewModel> nodes(Mode mode, int count) {
    List<NodeViewModel> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean master = mode == Mode.CENTRALIZED && i == 0;
      String id = master ? "master" : (mode == Mode.CENTRALIZED ? "slave_" + i : "node_" + (i + 1));
      nodes.add(
          new NodeViewModel(
              new NodeConfig(id, "127.0.0.1", 24000 + i, 1, master ? Role.MASTER : Role.SLAVE)));
    }
    return nodes;
  }
}
