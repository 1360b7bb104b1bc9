package dev.caplab.core.twopc;

import java.time.Duration;
import java.util.List;

/**
 * How one node of a centralized cluster runs two-phase commit. Immutable.
 *
 * @param selfId this node's id ({@link CentralizedReplicas#MASTER} for the master)
 * @param slaveIds every slave of the cluster
 * @param masterAddress host:port of the master, for error messages that tell a client where to go
 * @param strict true: a slave that does not vote yes aborts the put; false: it is excluded from the
 *     group
 * @param prepareTimeout how long the master waits for a vote
 * @param commitTimeout how long the master waits for a commit ack; slaves ask about a prepared
 *     transaction that stays undecided this long
 * @param leaseDuration how long a slave may serve reads after asking for a lease
 * @param parallelCommits true: answer the client once the staging record and every vote are durable
 *     (parallel commits); false: once the COMMIT record is (textbook)
 */
public record TwoPcOptions(
    String selfId,
    List<String> slaveIds,
    String masterAddress,
    boolean strict,
    Duration prepareTimeout,
    Duration commitTimeout,
    Duration leaseDuration,
    boolean parallelCommits) {

  /** The textbook protocol. */
  public TwoPcOptions(
      String selfId,
      List<String> slaveIds,
      String masterAddress,
      boolean strict,
      Duration prepareTimeout,
      Duration commitTimeout,
      Duration leaseDuration) {
    this(
        selfId,
        slaveIds,
        masterAddress,
        strict,
        prepareTimeout,
        commitTimeout,
        leaseDuration,
        false);
  }

  public TwoPcOptions {
    slaveIds = List.copyOf(slaveIds);
    if (leaseDuration.toMillis() < 10) {
      throw new IllegalArgumentException("lease duration too short: " + leaseDuration);
    }
  }

  boolean isMaster() {
    return selfId.equals(CentralizedReplicas.MASTER);
  }
}
