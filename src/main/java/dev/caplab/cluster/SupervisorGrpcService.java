package dev.caplab.cluster;

import dev.caplab.proto.supervise.ListRequest;
import dev.caplab.proto.supervise.LogLines;
import dev.caplab.proto.supervise.LogRequest;
import dev.caplab.proto.supervise.NodeList;
import dev.caplab.proto.supervise.NodeProcess;
import dev.caplab.proto.supervise.NodeRequest;
import dev.caplab.proto.supervise.SuperviseGrpc;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * Adapter from the Supervise service to a {@link Supervisor}: a remote GUI or CLI lists, fails and
 * recovers the nodes this host runs. Every call passes the guard first (the admin token off
 * loopback). Thread-safe.
 */
final class SupervisorGrpcService implements SuperviseGrpc.AsyncService, BindableService {

  static final int DEFAULT_LOG_LINES = 40;

  private final Supervisor supervisor;
  private final ServerInterceptor guard;

  SupervisorGrpcService(Supervisor supervisor, ServerInterceptor guard) {
    this.supervisor = supervisor;
    this.guard = guard;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerInterceptors.intercept(SuperviseGrpc.bindService(this), guard);
  }

  @Override
  public void list(ListRequest request, StreamObserver<NodeList> responses) {
    NodeList.Builder list = NodeList.newBuilder().setHost(Bindable.hostName());
    supervisor.ids().forEach(id -> list.addNodes(describe(id, supervisor.state(id))));
    responses.onNext(list.build());
    responses.onCompleted();
  }

  @Override
  public void fail(NodeRequest request, StreamObserver<NodeProcess> responses) {
    String id = request.getNode();
    if (known(id, responses)) {
      answerWhenDone(supervisor.crash(id), id, responses);
    }
  }

  @Override
  public void recover(NodeRequest request, StreamObserver<NodeProcess> responses) {
    String id = request.getNode();
    if (known(id, responses)) {
      answerWhenDone(supervisor.start(id), id, responses);
    }
  }

  @Override
  public void watch(ListRequest request, StreamObserver<NodeProcess> responses) {
    ServerCallStreamObserver<NodeProcess> call = (ServerCallStreamObserver<NodeProcess>) responses;
    Object lock =
        new Object(); // the listener (supervisor thread) and this first snapshot both write
    BiConsumer<String, NodeProcessState> listener =
        (id, state) -> {
          synchronized (lock) {
            if (!call.isCancelled()) {
              call.onNext(describe(id, state));
            }
          }
        };
    call.setOnCancelHandler(() -> supervisor.removeListener(listener));
    synchronized (lock) {
      supervisor.addListener(listener);
      supervisor.ids().forEach(id -> call.onNext(describe(id, supervisor.state(id))));
    }
  }

  @Override
  public void log(LogRequest request, StreamObserver<LogLines> responses) {
    String id = request.getNode();
    if (known(id, responses)) {
      int lines = request.getLines() > 0 ? request.getLines() : DEFAULT_LOG_LINES;
      responses.onNext(LogLines.newBuilder().addAllLines(supervisor.logTail(id, lines)).build());
      responses.onCompleted();
    }
  }

  private void answerWhenDone(
      CompletableFuture<Void> action, String id, StreamObserver<NodeProcess> responses) {
    action.whenComplete(
        (ok, error) -> {
          if (error == null) {
            responses.onNext(describe(id, supervisor.state(id)));
            responses.onCompleted();
            return;
          }
          Throwable cause =
              error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error;
          responses.onError(
              Status.FAILED_PRECONDITION
                  .withDescription(
                      String.valueOf(cause.getMessage()).lines().findFirst().orElse(""))
                  .asRuntimeException());
        });
  }

  private boolean known(String id, StreamObserver<?> responses) {
    if (supervisor.ids().contains(id)) {
      return true;
    }
    responses.onError(
        Status.NOT_FOUND
            .withDescription(
                "node '"
                    + id
                    + "' does not run under this supervisor (on "
                    + Bindable.hostName()
                    + "); it runs "
                    + supervisor.ids())
            .asRuntimeException());
    return false;
  }

  private NodeProcess describe(String id, NodeProcessState state) {
    return NodeProcess.newBuilder()
        .setNode(id)
        .setState(state.name())
        .setPid(supervisor.pid(id).orElse(0L))
        .setExitCode(supervisor.exitCode(id).orElse(-1))
        .build();
  }
}
