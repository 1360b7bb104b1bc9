package dev.caplab.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.caplab.core.net.Message;
import dev.caplab.core.twopc.TwoPcMessages;
import dev.caplab.core.twopc.TwoPcMessages.Abort;
import dev.caplab.core.twopc.TwoPcMessages.Ack;
import dev.caplab.core.twopc.TwoPcMessages.CatchUp;
import dev.caplab.core.twopc.TwoPcMessages.CatchUpPage;
import dev.caplab.core.twopc.TwoPcMessages.Commit;
import dev.caplab.core.twopc.TwoPcMessages.Decision;
import dev.caplab.core.twopc.TwoPcMessages.Entry;
import dev.caplab.core.twopc.TwoPcMessages.ForwardGet;
import dev.caplab.core.twopc.TwoPcMessages.ForwardPut;
import dev.caplab.core.twopc.TwoPcMessages.GetResult;
import dev.caplab.core.twopc.TwoPcMessages.Join;
import dev.caplab.core.twopc.TwoPcMessages.Joined;
import dev.caplab.core.twopc.TwoPcMessages.LeaseReply;
import dev.caplab.core.twopc.TwoPcMessages.LeaseRequest;
import dev.caplab.core.twopc.TwoPcMessages.Outcome;
import dev.caplab.core.twopc.TwoPcMessages.Prepare;
import dev.caplab.core.twopc.TwoPcMessages.Probe;
import dev.caplab.core.twopc.TwoPcMessages.PutResult;
import dev.caplab.core.twopc.TwoPcMessages.Resolve;
import dev.caplab.core.twopc.TwoPcMessages.TxStatus;
import dev.caplab.core.twopc.TwoPcMessages.Vote;
import dev.caplab.proto.twopc.CatchUpMsg;
import dev.caplab.proto.twopc.CatchUpPageMsg;
import dev.caplab.proto.twopc.DecisionMsg;
import dev.caplab.proto.twopc.EntryMsg;
import dev.caplab.proto.twopc.ForwardGetMsg;
import dev.caplab.proto.twopc.ForwardPutMsg;
import dev.caplab.proto.twopc.GetResultMsg;
import dev.caplab.proto.twopc.JoinMsg;
import dev.caplab.proto.twopc.JoinedMsg;
import dev.caplab.proto.twopc.LeaseReplyMsg;
import dev.caplab.proto.twopc.LeaseRequestMsg;
import dev.caplab.proto.twopc.PrepareMsg;
import dev.caplab.proto.twopc.ProbeMsg;
import dev.caplab.proto.twopc.PutResultMsg;
import dev.caplab.proto.twopc.TxRef;
import dev.caplab.proto.twopc.TxRefs;
import dev.caplab.proto.twopc.VoteMsg;
import java.util.List;

/** Wire form of the two-phase commit messages (proto/twopc.proto). Stateless; thread-safe. */
final class TwoPcCodec implements MessageCodec {

  @Override
  public ByteString encode(Message message) {
    if (message instanceof Prepare m) {
      return PrepareMsg.newBuilder()
          .setSeq(m.seq())
          .setKey(m.key())
          .setValue(m.value())
          .build()
          .toByteString();
    } else if (message instanceof Vote m) {
      return VoteMsg.newBuilder()
          .setSeq(m.seq())
          .setKey(m.key())
          .setYes(m.yes())
          .setReason(m.reason())
          .build()
          .toByteString();
    } else if (message instanceof Commit m) {
      return refs(m.txs());
    } else if (message instanceof Abort m) {
      return ref(m.seq(), m.key());
    } else if (message instanceof Ack m) {
      return refs(m.txs());
    } else if (message instanceof TxStatus m) {
      return ref(m.seq(), m.key());
    } else if (message instanceof Resolve m) {
      return ref(m.seq(), m.key());
    } else if (message instanceof Decision m) {
      return DecisionMsg.newBuilder()
          .setSeq(m.seq())
          .setKey(m.key())
          .setOutcome(DecisionMsg.Outcome.valueOf(m.outcome().name()))
          .setValue(m.value())
          .setCounter(m.counter())
          .build()
          .toByteString();
    } else if (message instanceof Join m) {
      return JoinMsg.newBuilder().setSyncedSeq(m.syncedSeq()).build().toByteString();
    } else if (message instanceof Joined m) {
      return JoinedMsg.newBuilder()
          .setEpoch(m.epoch())
          .setJoinSeq(m.joinSeq())
          .build()
          .toByteString();
    } else if (message instanceof CatchUp m) {
      return CatchUpMsg.newBuilder()
          .setEpoch(m.epoch())
          .setAfterSeq(m.afterSeq())
          .build()
          .toByteString();
    } else if (message instanceof CatchUpPage m) {
      CatchUpPageMsg.Builder page =
          CatchUpPageMsg.newBuilder().setEpoch(m.epoch()).setComplete(m.complete());
      for (Entry e : m.entries()) {
        page.addEntries(
            EntryMsg.newBuilder().setKey(e.key()).setValue(e.value()).setCounter(e.counter()));
      }
      return page.build().toByteString();
    } else if (message instanceof LeaseRequest m) {
      return LeaseRequestMsg.newBuilder().setEpoch(m.epoch()).build().toByteString();
    } else if (message instanceof LeaseReply m) {
      return LeaseReplyMsg.newBuilder()
          .setGranted(m.granted())
          .setDurationMillis(m.durationMillis())
          .setDecidedUpTo(m.decidedUpTo())
          .setReason(m.reason())
          .build()
          .toByteString();
    } else if (message instanceof Probe) {
      return ProbeMsg.getDefaultInstance().toByteString();
    } else if (message instanceof ForwardPut m) {
      return ForwardPutMsg.newBuilder().setKey(m.key()).setValue(m.value()).build().toByteString();
    } else if (message instanceof ForwardGet m) {
      return ForwardGetMsg.newBuilder().setKey(m.key()).build().toByteString();
    } else if (message instanceof GetResult m) {
      return GetResultMsg.newBuilder()
          .setKey(m.key())
          .setFound(m.found())
          .setValue(m.value())
          .build()
          .toByteString();
    } else if (message instanceof PutResult m) {
      return PutResultMsg.newBuilder()
          .setKey(m.key())
          .setOk(m.ok())
          .setReason(m.reason())
          .setMessage(m.message())
          .build()
          .toByteString();
    }
    throw new IllegalArgumentException("not a two-phase commit message: " + message.type());
  }

  @Override
  public Message decode(String type, ByteString payload) {
    try {
      return switch (type) {
        case "prepare" -> {
          PrepareMsg m = PrepareMsg.parseFrom(payload);
          yield new Prepare(m.getSeq(), m.getKey(), m.getValue());
        }
        case "vote-yes", "vote-no" -> {
          VoteMsg m = VoteMsg.parseFrom(payload);
          yield new Vote(m.getSeq(), m.getKey(), m.getYes(), m.getReason());
        }
        case "commit" -> new Commit(refs(payload));
        case "abort" -> {
          TxRef m = TxRef.parseFrom(payload);
          yield new Abort(m.getSeq(), m.getKey());
        }
        case "ack" -> new Ack(refs(payload));
        case "tx-status" -> {
          TxRef m = TxRef.parseFrom(payload);
          yield new TxStatus(m.getSeq(), m.getKey());
        }
        case "resolve" -> {
          TxRef m = TxRef.parseFrom(payload);
          yield new Resolve(m.getSeq(), m.getKey());
        }
        case "decision" -> {
          DecisionMsg m = DecisionMsg.parseFrom(payload);
          yield new Decision(
              m.getSeq(), m.getKey(), outcome(m.getOutcome()), m.getValue(), m.getCounter());
        }
        case "join" -> new Join(JoinMsg.parseFrom(payload).getSyncedSeq());
        case "joined" -> {
          JoinedMsg m = JoinedMsg.parseFrom(payload);
          yield new Joined(m.getEpoch(), m.getJoinSeq());
        }
        case "catch-up" -> {
          CatchUpMsg m = CatchUpMsg.parseFrom(payload);
          yield new CatchUp(m.getEpoch(), m.getAfterSeq());
        }
        case "catch-up-page" -> {
          CatchUpPageMsg m = CatchUpPageMsg.parseFrom(payload);
          yield new CatchUpPage(
              m.getEpoch(),
              m.getEntriesList().stream()
                  .map(e -> new Entry(e.getKey(), e.getValue(), e.getCounter()))
                  .toList(),
              m.getComplete());
        }
        case "lease" -> new LeaseRequest(LeaseRequestMsg.parseFrom(payload).getEpoch());
        case "lease-grant", "lease-refused" -> {
          LeaseReplyMsg m = LeaseReplyMsg.parseFrom(payload);
          yield new LeaseReply(
              m.getGranted(), m.getDurationMillis(), m.getDecidedUpTo(), m.getReason());
        }
        case "probe" -> new Probe();
        case "forward-put" -> {
          ForwardPutMsg m = ForwardPutMsg.parseFrom(payload);
          yield new ForwardPut(m.getKey(), m.getValue());
        }
        case "forward-get" -> new ForwardGet(ForwardGetMsg.parseFrom(payload).getKey());
        case "get-result" -> {
          GetResultMsg m = GetResultMsg.parseFrom(payload);
          yield new GetResult(m.getKey(), m.getFound(), m.getValue());
        }
        case "put-result" -> {
          PutResultMsg m = PutResultMsg.parseFrom(payload);
          yield new PutResult(m.getKey(), m.getOk(), m.getReason(), m.getMessage());
        }
        default ->
            throw new IllegalArgumentException("unknown two-phase commit message type: " + type);
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed " + type + " payload: " + e.getMessage(), e);
    }
  }

  private static ByteString refs(List<TwoPcMessages.TxRef> txs) {
    TxRefs.Builder refs = TxRefs.newBuilder();
    txs.forEach(t -> refs.addTxs(TxRef.newBuilder().setSeq(t.seq()).setKey(t.key())));
    return refs.build().toByteString();
  }

  private static List<TwoPcMessages.TxRef> refs(ByteString payload)
      throws InvalidProtocolBufferException {
    return TxRefs.parseFrom(payload).getTxsList().stream()
        .map(t -> new TwoPcMessages.TxRef(t.getSeq(), t.getKey()))
        .toList();
  }

  private static ByteString ref(long seq, String key) {
    return TxRef.newBuilder().setSeq(seq).setKey(key).build().toByteString();
  }

  private static Outcome outcome(DecisionMsg.Outcome outcome) {
    return switch (outcome) {
      case COMMITTED -> Outcome.COMMITTED;
      case ABORTED -> Outcome.ABORTED;
      case PENDING -> Outcome.PENDING;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown decision outcome");
    };
  }
}
