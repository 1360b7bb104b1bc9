package dev.caplab.ui;

import java.util.Collection;
import java.util.function.Predicate;
import javafx.scene.Node;
import org.hamcrest.Matcher;
import org.testfx.api.FxRobot;
import org.testfx.service.query.NodeQuery;

/**
 * The robot of the lab's TestFX tests: as TestFX's own, but every lookup walks the scene on the FX
 * thread ({@link FxThreadQuery}), including those behind clickOn("#id") and the like.
 */
final class FxThreadRobot extends FxRobot {

  @Override
  public NodeQuery lookup(String query) {
    return new FxThreadQuery(super.lookup(query));
  }

  @Override
  public <T extends Node> NodeQuery lookup(Matcher<T> matcher) {
    return new FxThreadQuery(super.lookup(matcher));
  }

  @Override
  public <T extends Node> NodeQuery lookup(Predicate<T> predicate) {
    return new FxThreadQuery(super.lookup(predicate));
  }

  @Override
  public NodeQuery from(Node... parents) {
    return new FxThreadQuery(super.from(parents));
  }

  @Override
  public NodeQuery from(Collection<Node> parents) {
    return new FxThreadQuery(super.from(parents));
  }

  @Override
  public NodeQuery from(NodeQuery query) {
    return new FxThreadQuery(super.from(query));
  }

  /** Checks the one node query finds, on the FX thread; fails naming the query. */
  <T extends Node> void check(String query, Predicate<T> expected) {
    boolean ok = FxThreadQuery.onFx(() -> expected.test(super.lookup(query).<T>query()));
    if (!ok) {
      throw new AssertionError(query + " does not match what the test expected");
    }
  }
}
