package dev.caplab.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets admin calls through on a node bound to loopback; on any other address only with the config's
 * admin_token in the {@value #HEADER} header (and never when the config has no token). Also guards
 * the supervisor service of `caplab cluster --only`, which can kill nodes. Stateless; thread-safe.
 */
public final class AdminGuard implements ServerInterceptor {

  static final String HEADER = "caplab-admin-token";
  static final Metadata.Key<String> TOKEN =
      Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final boolean open;
  private final String token;
  private final String address;
  private final String service;

  private AdminGuard(boolean open, String token, String address, String service) {
    this.open = open;
    this.token = token;
    this.address = address;
    this.service = service;
  }

  /** The guard for a node bound to ip. */
  static AdminGuard forBinding(String ip, String token) {
    return new AdminGuard(isLoopback(ip), token, ip, "admin");
  }

  /**
   * The guard for another service ("supervisor") bound to ip, with the same rule as admin calls.
   */
  public static AdminGuard forService(String service, String ip, String token) {
    return new AdminGuard(isLoopback(ip), token, ip, service);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (open || (!token.isEmpty() && matches(headers.get(TOKEN)))) {
      return next.startCall(call, headers);
    }
    String why =
        token.isEmpty()
            ? service
                + " calls are refused on "
                + address
                + " (not a loopback address) because the config sets no"
                + " admin_token"
            : service
                + " calls on "
                + address
                + " (not a loopback address) need the config's admin_token in the "
                + HEADER
                + " header";
    call.close(Status.PERMISSION_DENIED.withDescription(why), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private boolean matches(String given) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isLoopback(String ip) {
    try {
      return InetAddress.getByName(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
