package dev.caplab.core.twopc;

import dev.caplab.core.net.Message;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The messages of centralized mode: immutable records, safe to share between threads. A transaction
 * is named by its commit sequence number {@code seq}, which is also the version counter of the
 * value it writes ("seq@master").
 */
public final class TwoPcMessages {

  private TwoPcMessages() {}

  private static String keys(List<TxRef> txs) {
    return txs.stream().map(TxRef::key).distinct().collect(Collectors.joining(","));
  }

  private static String ids(List<TxRef> txs) {
    return txs.stream().map(t -> Long.toString(t.seq())).collect(Collectors.joining(","));
  }

  /** Master to slave, phase 1: log this write and lock its key, then vote. */
  public record Prepare(long seq, String key, String value) implements Message {
    @Override
    public String type() {
      return "prepare";
    }

    @Override
    public String txId() {
      return Long.toString(seq);
    }

    @Override
    public String version() {
      return seq + "@" + CentralizedReplicas.MASTER;
    }
  }

  /** Slave to master, reply to {@link Prepare}; yes only once PREPARED is on disk. */
  public record Vote(long seq, String key, boolean yes, String reason) implements Message {
    @Override
    public String type() {
      return yes ? "vote-yes" : "vote-no";
    }

    @Override
    public String txId() {
      return Long.toString(seq);
    }
  }

  /** A transaction named in a {@link Commit} or an {@link Ack}. */
  public record TxRef(long seq, String key) {}

  /**
   * Master to slave, phase 2: these transactions committed; apply them and release their keys.
   * Usually one; commits that become ready while the previous commit to the same slave is on the
   * way travel together.
   */
  public record Commit(List<TxRef> txs) implements Message {
    public Commit {
      txs = List.copyOf(txs);
    }

    public static Commit of(long seq, String key) {
      return new Commit(List.of(new TxRef(seq, key)));
    }

    @Override
    public String type() {
      return "commit";
    }

    @Override
    public String key() {
      return keys(txs);
    }

    @Override
    public String txId() {
      return ids(txs);
    }
  }

  /** Master to slave, phase 2: the transaction aborted; forget it and release the key. */
  public record Abort(long seq, String key) implements Message {
    @Override
    public String type() {
      return "abort";
    }

    @Override
    public String txId() {
      return Long.toString(seq);
    }
  }

  /** Slave to master, reply to {@link Commit}, {@link Abort} and {@link Probe}. */
  public record Ack(List<TxRef> txs) implements Message {
    public Ack {
      txs = List.copyOf(txs);
    }

    public static Ack of(long seq, String key) {
      return new Ack(List.of(new TxRef(seq, key)));
    }

    @Override
    public String type() {
      return "ack";
    }

    @Override
    public String key() {
      return keys(txs);
    }

    @Override
    public String txId() {
      return ids(txs);
    }
  }

  /**
   * Master to slave, after a restart, for a staged (parallel-commit) transaction with no COMMIT
   * record: did you prepare it? Answered with a {@link Vote}: yes when prepared (or already
   * applied); no when not, and then the slave durably refuses any later prepare of it.
   */
  public record Resolve(long seq, String key) implements Message {
    @Override
    public String type() {
      return "resolve";
    }

    @Override
    public String txId() {
      return Long.toString(seq);
    }
  }

  /** Slave to master: how did the transaction I prepared end? (the in-doubt question). */
  public record TxStatus(long seq, String key) implements Message {
    @Override
    public String type() {
      return "tx-status";
    }

    @Override
    public String txId() {
      return Long.toString(seq);
    }
  }

  /** How a transaction ended, as the master answers {@link TxStatus}. */
  public enum Outcome {
    COMMITTED,
    ABORTED,
    /** Still being decided: ask again. */
    PENDING
  }

  /**
   * Reply to {@link TxStatus}. For COMMITTED, {@code value}/{@code counter} are the master's
   * current value of the key, whose version is at least {@code seq} (a later write may have
   * superseded it).
   */
  public record Decision(long seq, String key, Outcome outcome, String value, long counter)
      implements Message {
    @Override
    public String type() {
      return "decision";
    }

    @Override
    public String txId() {
      return Long.toString(seq);
    }

    @Override
    public String version() {
      return outcome == Outcome.COMMITTED ? counter + "@" + CentralizedReplicas.MASTER : "";
    }
  }

  /**
   * Slave to master: let me back into the replica group; I hold every commit up to {@code
   * syncedSeq}.
   */
  public record Join(long syncedSeq) implements Message {
    @Override
    public String type() {
      return "join";
    }
  }

  /**
   * Reply to {@link Join}: the slave takes part in every transaction after {@code joinSeq}; it must
   * catch up on everything up to it under membership {@code epoch}.
   */
  public record Joined(long epoch, long joinSeq) implements Message {
    @Override
    public String type() {
      return "joined";
    }
  }

  /** Slave to master: send me committed entries with a version counter above {@code afterSeq}. */
  public record CatchUp(long epoch, long afterSeq) implements Message {
    @Override
    public String type() {
      return "catch-up";
    }
  }

  /** One committed key of a {@link CatchUpPage}. */
  public record Entry(String key, String value, long counter) {}

  /**
   * Reply to {@link CatchUp}: entries in version order; {@code complete} when nothing newer is
   * left.
   */
  public record CatchUpPage(long epoch, List<Entry> entries, boolean complete) implements Message {
    public CatchUpPage {
      entries = List.copyOf(entries);
    }

    @Override
    public String type() {
      return "catch-up-page";
    }
  }

  /** Slave to master: may I serve reads for another lease period? */
  public record LeaseRequest(long epoch) implements Message {
    @Override
    public String type() {
      return "lease";
    }
  }

  /**
   * Reply to {@link LeaseRequest}. When granted, the slave may serve reads for {@code
   * durationMillis} counted from when it sent the request, and every transaction up to {@code
   * decidedUpTo} is decided.
   */
  public record LeaseReply(boolean granted, long durationMillis, long decidedUpTo, String reason)
      implements Message {
    @Override
    public String type() {
      return granted ? "lease-grant" : "lease-refused";
    }
  }

  /** Master to a joining slave: are you answering in time? (a slowed slave is not let back in) */
  public record Probe() implements Message {
    @Override
    public String type() {
      return "probe";
    }
  }

  /** Slave to master: a client put that reached a slave. */
  public record ForwardPut(String key, String value) implements Message {
    @Override
    public String type() {
      return "forward-put";
    }
  }

  /**
   * A get the slave cannot answer from its own copy (no lease, behind, key locked): the master
   * answers it.
   */
  public record ForwardGet(String key) implements Message {
    @Override
    public String type() {
      return "forward-get";
    }
  }

  /** Reply to {@link ForwardGet}: the master's committed value, if any. */
  public record GetResult(String key, boolean found, String value) implements Message {
    @Override
    public String type() {
      return "get-result";
    }
  }

  /** Reply to {@link ForwardPut}; {@code reason} is a KvException.Reason name when not ok. */
  public record PutResult(String key, boolean ok, String reason, String message)
      implements Message {
    @Override
    public String type() {
      return "put-result";
    }
  }
}
