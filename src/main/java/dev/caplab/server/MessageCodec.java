package dev.caplab.server;

import com.google.protobuf.ByteString;
import dev.caplab.core.net.Message;

/** Turns one protocol's message records into envelope payloads and back. Stateless; thread-safe. */
public interface MessageCodec {

  ByteString encode(Message message);

  /** Fails with IllegalArgumentException for a type this protocol does not know. */
  Message decode(String type, ByteString payload);
}
