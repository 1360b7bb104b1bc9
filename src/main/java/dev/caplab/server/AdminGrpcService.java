package dev.caplab.server;

import dev.caplab.core.net.Message;
import dev.caplab.core.twopc.CrashPoint;
import dev.caplab.core.twopc.CrashSwitch;
import dev.caplab.proto.admin.AdminGrpc;
import dev.caplab.proto.admin.CrashRequest;
import dev.caplab.proto.admin.CrashState;
import dev.caplab.proto.admin.Empty;
import dev.caplab.proto.admin.FaultRule;
import dev.caplab.proto.admin.HeldMessage;
import dev.caplab.proto.admin.HeldMessages;
import dev.caplab.proto.admin.HeldRequest;
import dev.caplab.proto.admin.HoldRequest;
import dev.caplab.proto.admin.PeerRequest;
import dev.caplab.proto.admin.Rules;
import dev.caplab.proto.admin.SlowRequest;
import dev.caplab.proto.admin.SlowState;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Adapter from the Admin service to the node's {@link FaultRules}, {@link SlowDown} and crash
 * switch. Every call passes the {@link AdminGuard} first.
 */
final class AdminGrpcService implements AdminGrpc.AsyncService, BindableService {

  private final FaultRules faults;
  private final SlowDown slowDown;
  private final AdminGuard guard;
  private final Set<String> peers;
  private final Optional<CrashSwitch> crashSwitch;

  /**
   * @param peers ids of the other nodes, the only valid rule targets
   * @param crashSwitch the master's crash seam; empty on nodes that have no crash points
   */
  AdminGrpcService(
      FaultRules faults,
      SlowDown slowDown,
      AdminGuard guard,
      Set<String> peers,
      Optional<CrashSwitch> crashSwitch) {
    this.faults = faults;
    this.slowDown = slowDown;
    this.guard = guard;
    this.peers = Set.copyOf(peers);
    this.crashSwitch = crashSwitch;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerInterceptors.intercept(AdminGrpc.bindService(this), guard);
  }

  @Override
  public void setRule(FaultRule request, StreamObserver<Rules> responses) {
    if (!peers.contains(request.getPeer())) {
      responses.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "no peer '"
                      + request.getPeer()
                      + "'; known peers: "
                      + peers.stream().sorted().toList())
              .asRuntimeException());
      return;
    }
    try {
      faults.setRule(
          new FaultRules.Rule(
              request.getPeer(), request.getDelayMs(), request.getJitterMs(), request.getDrop()));
    } catch (IllegalArgumentException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    answer(responses, rules());
  }

  @Override
  public void clearRule(PeerRequest request, StreamObserver<Rules> responses) {
    faults.clearRule(request.getPeer());
    answer(responses, rules());
  }

  @Override
  public void listRules(Empty request, StreamObserver<Rules> responses) {
    answer(responses, rules());
  }

  @Override
  public void slowDown(SlowRequest request, StreamObserver<SlowState> responses) {
    try {
      slowDown.slowDown(request.getSeconds());
    } catch (IllegalArgumentException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    answer(responses, SlowState.newBuilder().setSeconds(slowDown.seconds()).build());
  }

  @Override
  public void restore(Empty request, StreamObserver<SlowState> responses) {
    slowDown.restore();
    answer(responses, SlowState.newBuilder().setSeconds(slowDown.seconds()).build());
  }

  @Override
  public void setHold(HoldRequest request, StreamObserver<HeldMessages> responses) {
    faults.setHold(request.getOn(), Set.copyOf(request.getPassTypesList()));
    answer(responses, held(0));
  }

  @Override
  public void listHeld(Empty request, StreamObserver<HeldMessages> responses) {
    answer(responses, held(0));
  }

  @Override
  public void release(HeldRequest request, StreamObserver<HeldMessages> responses) {
    answer(responses, held(faults.release(request.getId())));
  }

  @Override
  public void dropHeld(HeldRequest request, StreamObserver<HeldMessages> responses) {
    answer(responses, held(faults.drop(request.getId())));
  }

  @Override
  public void armCrash(CrashRequest request, StreamObserver<CrashState> responses) {
    if (crashSwitch.isEmpty()) {
      responses.onError(
          Status.FAILED_PRECONDITION
              .withDescription("only the master of a centralized cluster has crash points")
              .asRuntimeException());
      return;
    }
    CrashSwitch crash = crashSwitch.get();
    if (request.getPoint().isBlank()) {
      crash.disarm();
    } else {
      try {
        crash.arm(CrashPoint.parse(request.getPoint()));
      } catch (IllegalArgumentException e) {
        responses.onError(
            Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        return;
      }
    }
    answer(
        responses,
        CrashState.newBuilder()
            .setArmed(crash.armed().map(CrashPoint::id).orElse(""))
            .addAllPoints(Arrays.stream(CrashPoint.values()).map(CrashPoint::id).toList())
            .build());
  }

  private Rules rules() {
    Rules.Builder rules = Rules.newBuilder();
    for (FaultRules.Rule rule : faults.rules()) {
      rules.addRules(
          FaultRule.newBuilder()
              .setPeer(rule.peer())
              .setDelayMs(rule.delayMillis())
              .setJitterMs(rule.jitterMillis())
              .setDrop(rule.drop()));
    }
    return rules.build();
  }

  private HeldMessages held(int affected) {
    HeldMessages.Builder held =
        HeldMessages.newBuilder()
            .setHold(faults.hold())
            .setAffected(affected)
            .addAllPassTypes(faults.passTypes().stream().sorted().toList());
    for (FaultRules.Held h : faults.held()) {
      Message m = h.message();
      held.addMessages(
          HeldMessage.newBuilder()
              .setId(h.id())
              .setTo(h.peer())
              .setType(m.type())
              .setKey(m.key())
              .setTxId(m.txId())
              .setVersion(m.version())
              .setHeldSinceMillis(h.heldSinceMillis()));
    }
    return held.build();
  }

  private static <T> void answer(StreamObserver<T> responses, T value) {
    responses.onNext(value);
    responses.onCompleted();
  }
}
