package dev.caplab.server;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Sends a streaming call's response headers at once instead of with the first message, so a viewer
 * knows it is connected to an idle node. Stateless; thread-safe.
 */
final class HeadersFirst implements ServerInterceptor {

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getMethodDescriptor().getType().serverSendsOneMessage()) {
      return next.startCall(call, headers);
    }
    ServerCall<Q, R> once =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          private boolean sent; // ServerCall methods are called serially

          @Override
          public void sendHeaders(Metadata metadata) {
            if (!sent) {
              sent = true;
              super.sendHeaders(metadata);
            }
          }
        };
    once.sendHeaders(new Metadata());
    return next.startCall(once, headers);
  }
}
