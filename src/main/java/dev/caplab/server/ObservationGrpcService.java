package dev.caplab.server;

import dev.caplab.proto.observe.Event;
import dev.caplab.proto.observe.EventBatch;
import dev.caplab.proto.observe.EventsRequest;
import dev.caplab.proto.observe.InspectRequest;
import dev.caplab.proto.observe.NodeState;
import dev.caplab.proto.observe.ObservationGrpc;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Adapter from the Observation service to the node's {@link EventLog} and {@link Inspector}. Each
 * run of the process is one incarnation (a random id): sequence numbers restart with it, and a
 * viewer that resumes with an old incarnation is streamed the new one from its start.
 */
public final class ObservationGrpcService implements ObservationGrpc.AsyncService, BindableService {

  private final EventLog log;
  private final Inspector inspector;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final long incarnation = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

  /**
   * @param executor runs the streams' drains; they never block, so the node's scheduler will do
   */
  ObservationGrpcService(
      EventLog log, Inspector inspector, ScheduledExecutorService executor, Clock clock) {
    this.log = log;
    this.inspector = inspector;
    this.executor = executor;
    this.clock = clock;
  }

  public long incarnation() {
    return incarnation;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerInterceptors.intercept(ObservationGrpc.bindService(this), new HeadersFirst());
  }

  @Override
  public void events(EventsRequest request, StreamObserver<Event> responses) {
    EventSubscription.single(
            log,
            incarnation,
            firstSeq(request),
            (ServerCallStreamObserver<Event>) responses,
            executor,
            clock)
        .start();
  }

  @Override
  public void eventBatches(EventsRequest request, StreamObserver<EventBatch> responses) {
    EventSubscription.batched(
            log,
            incarnation,
            firstSeq(request),
            (ServerCallStreamObserver<EventBatch>) responses,
            executor,
            clock)
        .start();
  }

  private long firstSeq(EventsRequest request) {
    if (request.getIncarnation() != 0 && request.getIncarnation() != incarnation) {
      return 1; // the node restarted since: everything of this run is new to the viewer
    }
    return request.getFromSeq() <= 0 ? log.firstBufferedSeq() : request.getFromSeq();
  }

  @Override
  public void inspect(InspectRequest request, StreamObserver<NodeState> responses) {
    // Copies the store and reads the log file: off the event loop that serves the protocol.
    executor.execute(
        () -> {
          try {
            responses.onNext(
                inspector.inspect(
                    request.getMaxKeys(), request.getLogLines(), log.lastSeq(), incarnation));
            responses.onCompleted();
          } catch (IOException | RuntimeException e) {
            responses.onError(
                Status.INTERNAL.withDescription("cannot inspect: " + e).asRuntimeException());
          }
        });
  }
}
