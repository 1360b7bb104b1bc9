package dev.caplab.server;

import dev.caplab.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Path;

/** Another process holds the port a node was configured to bind. */
public final class PortInUseException extends IOException {

  PortInUseException(NodeConfig node, Path configFile) {
    super(
        "port "
            + node.port()
            + " (node "
            + node.id()
            + ", "
            + configFile
            + ") is already in use:"
            + " stop the other process or change the port");
  }
}
