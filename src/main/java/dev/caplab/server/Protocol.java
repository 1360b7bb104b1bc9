package dev.caplab.server;

import dev.caplab.core.Replica;
import java.io.IOException;

/** A replication protocol as the node process wires it: its wire codec and its replica. */
public interface Protocol {

  MessageCodec codec();

  Replica create(NodeContext context) throws IOException;
}
