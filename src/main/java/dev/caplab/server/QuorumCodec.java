package dev.caplab.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.caplab.core.net.Message;
import dev.caplab.core.quorum.Confirm;
import dev.caplab.core.quorum.ConfirmAck;
import dev.caplab.core.quorum.Delta;
import dev.caplab.core.quorum.Digest;
import dev.caplab.core.quorum.KeyVersion;
import dev.caplab.core.quorum.ReadRepair;
import dev.caplab.core.quorum.VoteGrant;
import dev.caplab.core.quorum.VoteRequest;
import dev.caplab.core.quorum.Write;
import dev.caplab.core.quorum.WriteAck;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import dev.caplab.proto.quorum.Entry;
import dev.caplab.proto.quorum.WriteRequest;
import java.util.List;
import java.util.Map;

/**
 * The quorum protocol's messages as proto/quorum.proto payloads and back. Stateless; thread-safe.
 */
final class QuorumCodec implements MessageCodec {

  @Override
  public ByteString encode(Message message) {
    if (message instanceof VoteRequest m) {
      return dev.caplab.proto.quorum.VoteRequest.newBuilder()
          .setKey(m.key())
          .setWithValue(m.withValue())
          .build()
          .toByteString();
    }
    if (message instanceof VoteGrant m) {
      return dev.caplab.proto.quorum.VoteGrant.newBuilder()
          .setKey(m.key())
          .setVersion(proto(m.held()))
          .setValue(m.value())
          .setStable(proto(m.stable()))
          .setWeight(m.weight())
          .build()
          .toByteString();
    }
    if (message instanceof Write m) {
      return writeRequest(m.key(), m.entry()).toByteString();
    }
    if (message instanceof ReadRepair m) {
      return writeRequest(m.key(), m.entry()).toByteString();
    }
    if (message instanceof WriteAck m) {
      return dev.caplab.proto.quorum.WriteAck.newBuilder()
          .setKey(m.key())
          .setVersion(proto(m.held()))
          .setStored(m.stored())
          .build()
          .toByteString();
    }
    if (message instanceof Confirm m) {
      return dev.caplab.proto.quorum.Confirm.newBuilder()
          .addAllEntries(m.entries().stream().map(QuorumCodec::proto).toList())
          .build()
          .toByteString();
    }
    if (message instanceof ConfirmAck) {
      return dev.caplab.proto.quorum.ConfirmAck.getDefaultInstance().toByteString();
    }
    if (message instanceof Digest m) {
      return dev.caplab.proto.quorum.Digest.newBuilder()
          .setAfterKey(m.afterKey())
          .setLastKey(m.lastKey())
          .addAllEntries(m.entries().stream().map(QuorumCodec::proto).toList())
          .setFirstPage(m.firstPage())
          .setFingerprint(m.fingerprint())
          .setKeyCount(m.keyCount())
          .build()
          .toByteString();
    }
    if (message instanceof Delta m) {
      dev.caplab.proto.quorum.Delta.Builder delta =
          dev.caplab.proto.quorum.Delta.newBuilder()
              .setCoveredTo(m.coveredTo())
              .setDone(m.done())
              .setInSync(m.inSync());
      for (Map.Entry<String, Versioned> entry : m.entries()) {
        delta.addEntries(
            Entry.newBuilder()
                .setKey(entry.getKey())
                .setValue(entry.getValue().value())
                .setVersion(proto(entry.getValue().version())));
      }
      return delta.build().toByteString();
    }
    throw new IllegalArgumentException("not a quorum protocol message: " + message.type());
  }

  @Override
  public Message decode(String type, ByteString payload) {
    try {
      return switch (type) {
        case VoteRequest.TYPE -> {
          var m = dev.caplab.proto.quorum.VoteRequest.parseFrom(payload);
          yield new VoteRequest(m.getKey(), m.getWithValue());
        }
        case VoteGrant.TYPE -> {
          var m = dev.caplab.proto.quorum.VoteGrant.parseFrom(payload);
          yield new VoteGrant(
              m.getKey(),
              version(m.getVersion()),
              m.getValue(),
              version(m.getStable()),
              m.getWeight());
        }
        case Write.TYPE -> {
          WriteRequest m = WriteRequest.parseFrom(payload);
          yield new Write(m.getKey(), new Versioned(m.getValue(), version(m.getVersion())));
        }
        case ReadRepair.TYPE -> {
          WriteRequest m = WriteRequest.parseFrom(payload);
          yield new ReadRepair(m.getKey(), new Versioned(m.getValue(), version(m.getVersion())));
        }
        case WriteAck.TYPE -> {
          var m = dev.caplab.proto.quorum.WriteAck.parseFrom(payload);
          yield new WriteAck(m.getKey(), version(m.getVersion()), m.getStored());
        }
        case Confirm.TYPE ->
            new Confirm(
                keyVersions(dev.caplab.proto.quorum.Confirm.parseFrom(payload).getEntriesList()));
        case ConfirmAck.TYPE -> new ConfirmAck();
        case Digest.TYPE -> {
          var m = dev.caplab.proto.quorum.Digest.parseFrom(payload);
          yield new Digest(
              m.getAfterKey(),
              m.getLastKey(),
              keyVersions(m.getEntriesList()),
              m.getFirstPage(),
              m.getFingerprint(),
              m.getKeyCount());
        }
        case Delta.TYPE -> {
          var m = dev.caplab.proto.quorum.Delta.parseFrom(payload);
          yield new Delta(
              m.getEntriesList().stream()
                  .map(
                      e ->
                          Map.entry(
                              e.getKey(), new Versioned(e.getValue(), version(e.getVersion()))))
                  .toList(),
              m.getCoveredTo(),
              m.getDone(),
              m.getInSync());
        }
        default ->
            throw new IllegalArgumentException("not a quorum protocol message type: " + type);
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed " + type + " payload: " + e.getMessage(), e);
    }
  }

  private static WriteRequest writeRequest(String key, Versioned entry) {
    return WriteRequest.newBuilder()
        .setKey(key)
        .setValue(entry.value())
        .setVersion(proto(entry.version()))
        .build();
  }

  private static dev.caplab.proto.quorum.Version proto(Version version) {
    return dev.caplab.proto.quorum.Version.newBuilder()
        .setCounter(version.counter())
        .setNode(version.nodeId())
        .build();
  }

  private static dev.caplab.proto.quorum.KeyVersion proto(KeyVersion entry) {
    return dev.caplab.proto.quorum.KeyVersion.newBuilder()
        .setKey(entry.key())
        .setVersion(proto(entry.version()))
        .build();
  }

  private static Version version(dev.caplab.proto.quorum.Version version) {
    return new Version(version.getCounter(), version.getNode());
  }

  private static List<KeyVersion> keyVersions(List<dev.caplab.proto.quorum.KeyVersion> entries) {
    return entries.stream().map(e -> new KeyVersion(e.getKey(), version(e.getVersion()))).toList();
  }
}
