package dev.caplab.config;

/** One node of a cluster as its config file describes it. */
public record NodeConfig(String id, String ip, int port, int weight, Role role) {

  /** host:port, as a gRPC target. */
  public String address() {
    return ip + ":" + port;
  }
}
