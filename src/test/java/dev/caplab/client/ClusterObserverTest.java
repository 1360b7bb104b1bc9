package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.proto.observe.Event;
import dev.caplab.proto.observe.EventsRequest;
import dev.caplab.proto.observe.ObservationGrpc;
import dev.caplab.server.EventLog;
import dev.caplab.server.ObservedEndpoint;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real observation endpoint on 127.0.0.1 and the observer that watches it through crashes. */
class ClusterObserverTest {

  private static final int PORT = 23011;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private ObservedEndpoint node;
  private ClusterObserver observer;

  @AfterEach
  void stop() throws InterruptedException {
    if (observer != null) {
      observer.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void deliversBufferedThenLiveEventsExactlyOnceInOrder() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 1024);
    emit(3);
    RecordingListener listener = new RecordingListener();
    observer = ClusterObserver.start(config(), listener, Runnable::run);
    emit(3);

    await().atMost(WAIT).until(() -> listener.size() == 6);
    assertThat(listener.events())
        .extracting(NodeEvent::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(listener.notices()).containsExactly("n1 connected");
  }

  @Test
  void resumesAfterTheLastEventSeenWhenTheStreamBreaks() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 1024);
    RecordingListener listener = new RecordingListener();
    observer = ClusterObserver.start(config(), listener, Runnable::run);
    emit(5);
    await().atMost(WAIT).until(() -> listener.size() == 5);

    node.kill();
    await().atMost(WAIT).until(() -> listener.notices().contains("n1 lost"));
    emit(5); // the process lives on while its stream is cut
    node.serveAgain();

    await().atMost(WAIT).until(() -> listener.size() >= 10 && listener.notices().size() == 3);
    assertThat(listener.events())
        .extracting(NodeEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    assertThat(listener.notices()).containsExactly("n1 connected", "n1 lost", "n1 connected");
  }

  @Test
  void afterARestartStreamsTheNewRunFromItsFirstEvent() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 1024);
    RecordingListener listener = new RecordingListener();
    observer = ClusterObserver.start(config(), listener, Runnable::run);
    emit(5);
    await().atMost(WAIT).until(() -> listener.size() == 5);

    node.kill();
    node.restart();
    emit(3);

    await().atMost(WAIT).until(() -> listener.size() >= 8);
    assertThat(listener.events())
        .extracting(NodeEvent::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 1L, 2L, 3L);
    assertThat(listener.events().subList(5, 8))
        .extracting(NodeEvent::label)
        .containsExactly("e1", "e2", "e3");
  }

  @Test
  void nodeSendsAGapForEventsThatLeftItsBuffer() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 16);
    emit(100);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
    try {
      Iterator<Event> stream =
          ObservationGrpc.newBlockingStub(channel)
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .events(EventsRequest.newBuilder().setFromSeq(10).build());
      List<Event> got = new ArrayList<>();
      for (int i = 0; i < 17; i++) {
        got.add(stream.next());
      }
      assertThat(got.get(0).getType()).isEqualTo("GAP");
      assertThat(got.get(0).getSeq()).isEqualTo(10);
      assertThat(got.get(0).getGapToSeq()).isEqualTo(84);
      assertThat(got.subList(1, 17))
          .extracting(Event::getSeq)
          .containsExactlyElementsOf(LongStream.rangeClosed(85, 100).boxed().toList());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void slowListenerCostsBoundedMemoryAndLearnsOfTheGap() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 256);
    RecordingListener listener = new RecordingListener();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    observer =
        ClusterObserver.start(
            config(),
            listener,
            task -> {
              try {
                entered.countDown();
                unblock
                    .await(); // the first batch (the connection notice) parks the delivery thread
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              task.run();
            });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    emit(1);
    await().atMost(WAIT).until(() -> observer.pending() == 1); // the stream is live
    emit(50_000, "x".repeat(100)); // ~7 MB: more than the flow-control windows hold
    assertThat(observer.pending()).isLessThanOrEqualTo(ClusterObserver.WINDOW);

    unblock.countDown();
    await()
        .atMost(WAIT)
        .until(
            () ->
                !listener.events().isEmpty()
                    && listener.events().get(listener.size() - 1).seq() == 50_001);
    assertThat(listener.notices()).anyMatch(n -> n.startsWith("n1 gap "));
    List<Long> seqs = listener.events().stream().map(NodeEvent::seq).toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
  }

  private void emit(int n) {
    emit(n, "");
  }

  private void emit(int n, String detail) {
    EventLog log = node.log();
    for (int i = 0; i < n; i++) {
      log.emit(ProtocolEvent.nodeStatus("e" + (log.lastSeq() + 1), detail));
    }
  }

  private static ClusterConfig config() throws Exception {
    return ConfigLoader.parse(
        Path.of("observer-test.yaml"),
        """
        nodes:
          - {id: n1, ip: 127.0.0.1, port: %d}
        """
            .formatted(PORT));
  }
}
