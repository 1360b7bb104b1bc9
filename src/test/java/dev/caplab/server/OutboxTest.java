package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.proto.peer.Envelope;
import dev.caplab.proto.peer.EnvelopeBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class OutboxTest {

  /** Runs the scheduled flushes only when the test says so, as a busy event loop would. */
  private final Queue<Runnable> loop = new ArrayDeque<>();

  private final List<EnvelopeBatch> written = new ArrayList<>();

  @Test
  void envelopesAddedBeforeTheFlushRunLeaveAsOneBatchInOrder() {
    Outbox outbox = new Outbox(loop::add, written::add, 1 << 20);
    for (long id = 1; id <= 5; id++) {
      outbox.add(envelope(id, 10));
    }
    assertThat(loop).hasSize(1); // one flush for the five, not five
    loop.poll().run();
    assertThat(written).hasSize(1);
    assertThat(written.get(0).getEnvelopesList())
        .extracting(Envelope::getCallId)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void anEnvelopeAddedAfterAFlushSchedulesTheNextOne() {
    Outbox outbox = new Outbox(loop::add, written::add, 1 << 20);
    outbox.add(envelope(1, 10));
    loop.poll().run();
    outbox.add(envelope(2, 10));
    assertThat(loop).hasSize(1);
    loop.poll().run();
    assertThat(written)
        .extracting(batch -> batch.getEnvelopes(0).getCallId())
        .containsExactly(1L, 2L);
  }

  @Test
  void aBatchIsCutBeforeItOutgrowsTheLimitAndABigEnvelopeGoesAlone() {
    Outbox outbox = new Outbox(loop::add, written::add, 1000);
    outbox.add(envelope(1, 400));
    outbox.add(envelope(2, 400));
    outbox.add(envelope(3, 400)); // would make the batch over 1000 bytes
    outbox.add(envelope(4, 5000)); // bigger than the limit on its own
    outbox.add(envelope(5, 10));
    loop.poll().run();
    assertThat(written)
        .extracting(batch -> batch.getEnvelopesList().stream().map(Envelope::getCallId).toList())
        .containsExactly(List.of(1L, 2L), List.of(3L), List.of(4L), List.of(5L));
    assertThat(written.subList(0, 2))
        .allSatisfy(batch -> assertThat(batch.getSerializedSize()).isLessThanOrEqualTo(1000));
  }

  @Test
  void aClosedLoopFlushesOnTheCallersThread() {
    Outbox outbox =
        new Outbox(
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("closed");
            },
            written::add,
            1 << 20);
    outbox.add(envelope(1, 10));
    assertThat(written).hasSize(1);
  }

  private static Envelope envelope(long callId, int payloadBytes) {
    return Envelope.newBuilder()
        .setCallId(callId)
        .setType("write")
        .setPayload(com.google.protobuf.ByteString.copyFrom(new byte[payloadBytes]))
        .build();
  }
}
