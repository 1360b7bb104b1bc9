package dev.caplab.server;

import dev.caplab.proto.peer.Envelope;
import dev.caplab.proto.peer.EnvelopeBatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Envelopes on their way to one peer, written as one {@link EnvelopeBatch} per flush. The first
 * envelope after a flush schedules the next flush on the flusher (the transport's event loop);
 * whatever else is added before it runs (the other vote requests of concurrent puts, the acks of
 * one group fsync) rides in the same gRPC message. Nothing waits for a timer: an idle outbox
 * flushes as soon as the flusher gets to it. Thread-safe; batches are written one at a time, in the
 * order their envelopes were added.
 */
final class Outbox {

  private final Executor flusher;
  private final Consumer<EnvelopeBatch> write;
  private final long maxBatchBytes;
  private final ConcurrentLinkedQueue<Envelope> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  /**
   * @param write sends one batch; called on the flusher, never concurrently
   * @param maxBatchBytes a batch is cut before it grows past this (one bigger envelope goes alone),
   *     so the receiver's message size limit still holds
   */
  Outbox(Executor flusher, Consumer<EnvelopeBatch> write, long maxBatchBytes) {
    this.flusher = flusher;
    this.write = write;
    this.maxBatchBytes = maxBatchBytes;
  }

  void add(Envelope envelope) {
    queue.add(envelope);
    if (flushScheduled.compareAndSet(false, true)) {
      try {
        flusher.execute(this::flush);
      } catch (RejectedExecutionException e) {
        // The transport is closing: flush here, so the waiting callers hear from the stream's end.
        flush();
      }
    }
  }

  private synchronized void flush() {
    flushScheduled.set(false); // before draining: whatever is added later schedules the next flush
    EnvelopeBatch.Builder batch = EnvelopeBatch.newBuilder();
    long bytes = 0;
    for (Envelope next = queue.poll(); next != null; next = queue.poll()) {
      long size = next.getSerializedSize();
      if (batch.getEnvelopesCount() > 0 && bytes + size > maxBatchBytes) {
        write.accept(batch.build());
        batch = EnvelopeBatch.newBuilder();
        bytes = 0;
      }
      batch.addEnvelopes(next);
      bytes += size + 8; // a field tag and length per envelope
    }
    if (batch.getEnvelopesCount() > 0) {
      write.accept(batch.build());
    }
  }
}
