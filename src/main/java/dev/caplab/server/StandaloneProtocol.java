package dev.caplab.server;

import com.google.protobuf.ByteString;
import dev.caplab.core.Replica;
import dev.caplab.core.StandaloneReplica;
import dev.caplab.core.net.Message;

/** Each node stores on its own, without peers: the stand-in until a replication protocol is wired. */
final class StandaloneProtocol implements Protocol {

  private static final MessageCodec NO_MESSAGES = new MessageCodec() {
    @Override
    public ByteString encode(Message message) {
      throw new IllegalArgumentException("standalone nodes send no peer messages: " + message.type());
    }

    @Override
    public Message decode(String type, ByteString payload) {
      throw new IllegalArgumentException("standalone nodes take no peer messages: " + type);
    }
  };

  @Override
  public MessageCodec codec() {
    return NO_MESSAGES;
  }

  @Override
  public Replica create(NodeContext context) {
    return new StandaloneReplica(context.self().id(), context.store(), context.events());
  }
}
