package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.proto.observe.Event;
import dev.caplab.proto.observe.EventBatch;
import dev.caplab.proto.observe.EventsRequest;
import dev.caplab.proto.observe.ObservationGrpc;
import dev.caplab.server.EventLog;
import dev.caplab.server.ObservedEndpoint;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batched event stream: one message per batch of ready events, with gaps and restarts. */
class EventBatchStreamTest {

  private static final int PORT = 31711;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private ObservedEndpoint node;
  private ManagedChannel channel;
  private ClusterObserver observer;

  @AfterEach
  void stop() throws InterruptedException {
    if (observer != null) {
      observer.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void bufferedEventsComeInOneMessage() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 1024);
    emit(10);

    EventBatch batch = batches(EventsRequest.getDefaultInstance()).next();

    assertThat(batch.getEventsList())
        .extracting(Event::getSeq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    assertThat(batch.getEventsList())
        .allMatch(e -> e.getNode().equals("n1") && e.getIncarnation() == node.incarnation());
  }

  @Test
  void aBatchHoldsAtMostTheNodesBatchSizeAndNothingIsLostBetweenBatches() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 1024);
    emit(300);

    Iterator<EventBatch> stream = batches(EventsRequest.getDefaultInstance());
    long expected = 1;
    while (expected <= 300) {
      EventBatch batch = stream.next();
      assertThat(batch.getEventsCount()).isBetween(1, ClusterObserver.MAX_BATCH);
      for (Event e : batch.getEventsList()) {
        assertThat(e.getSeq()).isEqualTo(expected++);
      }
    }
  }

  @Test
  void aGapOpensTheBatchThatFollowsIt() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 16);
    emit(100);

    EventBatch batch = batches(EventsRequest.newBuilder().setFromSeq(10).build()).next();

    Event gap = batch.getEvents(0);
    assertThat(gap.getType()).isEqualTo("GAP");
    assertThat(gap.getSeq()).isEqualTo(10);
    assertThat(gap.getGapToSeq()).isEqualTo(84);
    assertThat(batch.getEventsList().subList(1, batch.getEventsCount()))
        .extracting(Event::getSeq)
        .containsExactlyElementsOf(LongStream.rangeClosed(85, 100).boxed().toList());
  }

  @Test
  void resumingWithTheOldIncarnationAfterARestartStreamsTheNewRunFromItsStart() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 1024);
    emit(5);
    long before = node.incarnation();
    node.kill();
    node.restart();
    emit(3);

    EventBatch batch =
        batches(EventsRequest.newBuilder().setFromSeq(6).setIncarnation(before).build()).next();

    assertThat(batch.getEventsList()).extracting(Event::getSeq).containsExactly(1L, 2L, 3L);
    assertThat(batch.getEventsList())
        .allMatch(e -> e.getIncarnation() == node.incarnation() && e.getIncarnation() != before);
  }

  @Test
  void observerFollowsANodeThatRestartsMidStreamWithoutRepeatsOrLosses() throws Exception {
    node = new ObservedEndpoint("n1", PORT, 1024);
    RecordingListener listener = new RecordingListener();
    observer = ClusterObserver.start(config(), listener, Runnable::run);
    emit(200); // more than one message's worth
    await().atMost(WAIT).until(() -> listener.size() == 200);

    node.kill();
    node.restart();
    emit(150);

    await().atMost(WAIT).until(() -> listener.size() >= 350);
    assertThat(listener.events().subList(0, 200))
        .extracting(NodeEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    assertThat(listener.events().subList(200, listener.size()))
        .extracting(NodeEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 150).boxed().toList());
  }

  private Iterator<EventBatch> batches(EventsRequest request) {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
    return ObservationGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .eventBatches(request);
  }

  private void emit(int n) {
    EventLog log = node.log();
    for (int i = 0; i < n; i++) {
      log.emit(ProtocolEvent.nodeStatus("e" + (log.lastSeq() + 1), ""));
    }
  }

  private static ClusterConfig config() throws Exception {
    return ConfigLoader.parse(
        Path.of("batch-test.yaml"),
        """
        nodes:
          - {id: n1, ip: 127.0.0.1, port: %d}
        """
            .formatted(PORT));
  }
}
