package dev.caplab.ui;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.scene.Node;
import org.hamcrest.Matcher;
import org.testfx.service.query.NodeQuery;

/**
 * A TestFX node query that walks the scene on the FX thread. A query from the test thread iterates
 * children lists the FX thread is changing under it (a live window animates and re-lays out all the
 * time): seen in CI as IndexOutOfBoundsException in Parent.lookupAll. Building the query stays
 * lazy; only its answers (query, tryQuery, queryAll...) cross to the FX thread.
 */
final class FxThreadQuery implements NodeQuery {

  private final NodeQuery query;

  FxThreadQuery(NodeQuery query) {
    this.query = query;
  }

  /** Runs read on the FX thread (at once when already there) and returns its answer. */
  static <T> T onFx(Callable<T> read) {
    if (Platform.isFxApplicationThread()) {
      try {
        return read.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return LabFixture.fx(read);
  }

  @Override
  public NodeQuery from(Node... parents) {
    return new FxThreadQuery(query.from(parents));
  }

  @Override
  public NodeQuery from(Collection<Node> parents) {
    return new FxThreadQuery(query.from(parents));
  }

  @Override
  public NodeQuery lookup(String css) {
    return new FxThreadQuery(query.lookup(css));
  }

  @Override
  public <T> NodeQuery lookup(Matcher<T> matcher) {
    return new FxThreadQuery(query.lookup(matcher));
  }

  @Override
  public <T extends Node> NodeQuery lookup(Predicate<T> predicate) {
    return new FxThreadQuery(query.lookup(predicate));
  }

  @Override
  public NodeQuery lookup(Function<Node, Set<Node>> function) {
    return new FxThreadQuery(query.lookup(function));
  }

  @Override
  public <T> NodeQuery match(Matcher<T> matcher) {
    return new FxThreadQuery(query.match(matcher));
  }

  @Override
  public <T extends Node> NodeQuery match(Predicate<T> predicate) {
    return new FxThreadQuery(query.match(predicate));
  }

  @Override
  public NodeQuery nth(int index) {
    return new FxThreadQuery(query.nth(index));
  }

  @Override
  public <T extends Node> T query() {
    return onFx(query::query);
  }

  @Override
  public <T extends Node> T queryAs(Class<T> type) {
    return onFx(() -> query.queryAs(type));
  }

  @Override
  public <T extends Node> Optional<T> tryQuery() {
    return onFx(query::tryQuery);
  }

  @Override
  public <T extends Node> Optional<T> tryQueryAs(Class<T> type) {
    return onFx(() -> query.tryQueryAs(type));
  }

  @Override
  public <T extends Node> Set<T> queryAll() {
    return onFx(query::queryAll);
  }

  @Override
  public <T extends Node> Set<T> queryAllAs(Class<T> type) {
    return onFx(() -> query.queryAllAs(type));
  }
}
