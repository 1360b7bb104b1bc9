package dev.caplab.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether this host can listen on an address, and if not why, in words: on a lab spread over
 * machines the usual mistake is starting a node on a host that does not have its configured ip,
 * which is not the same as a port taken by a leftover process. Stateless.
 */
public final class Bindable {

  private Bindable() {}

  /** Empty when ip:port can be bound here now; otherwise one line saying why not and what to do. */
  public static Optional<String> problem(String ip, int port) {
    if (!isLocal(ip)) {
      return Optional.of(
          ip
              + " is not an address of this host ("
              + hostName()
              + "), so nothing here can listen on"
              + " "
              + ip
              + ":"
              + port
              + ": start this node on the machine that has that address, or fix its `ip` in"
              + " the config");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(ip, port));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "port "
              + port
              + " is already in use on "
              + ip
              + " (by another process; a node left"
              + " from an earlier run?)");
    }
  }

  /**
   * Whether ip names this host: a loopback address, the wildcard, or one of its interfaces'
   * addresses.
   */
  public static boolean isLocal(String ip) {
    try {
      InetAddress address = InetAddress.getByName(ip);
      return address.isLoopbackAddress()
          || address.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }

  /** This host's name, for messages. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "this host";
    }
  }
}
