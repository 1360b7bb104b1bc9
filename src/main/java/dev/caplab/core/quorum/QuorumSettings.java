package dev.caplab.core.quorum;

import java.time.Duration;

/**
 * Tuning of the background parts of the quorum protocol; the quorums and the request timeout come
 * from the cluster config.
 *
 * @param antiEntropyInterval pause between anti-entropy passes (the first runs at start)
 * @param antiEntropyCallTimeout how long one digest exchange may take
 * @param digestPageKeys keys per digest page
 * @param snapshotMaxAge how old a store copy may be when answering digests
 * @param confirmDelay how long confirmations gather before they are sent as one message per peer
 * @param coldStart how long after start the request timeout is at least {@code coldTimeout}
 * @param coldTimeout the shortest request timeout during {@code coldStart}
 */
public record QuorumSettings(
    Duration antiEntropyInterval,
    Duration antiEntropyCallTimeout,
    int digestPageKeys,
    Duration snapshotMaxAge,
    Duration confirmDelay,
    Duration coldStart,
    Duration coldTimeout) {

  public static QuorumSettings defaults() {
    return new QuorumSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        512,
        Duration.ofSeconds(1),
        Duration.ofMillis(5),
        Duration.ZERO,
        Duration.ZERO);
  }

  /**
   * Freshly started JVMs run the protocol in the interpreter: the first burst of requests after
   * start can take a few times the usual 500 ms to answer though every node is healthy. During the
   * first {@code window} a node waits at least {@code timeout} for its peers, so "ready" means
   * ready.
   */
  public QuorumSettings withColdStart(Duration window, Duration timeout) {
    return new QuorumSettings(
        antiEntropyInterval,
        antiEntropyCallTimeout,
        digestPageKeys,
        snapshotMaxAge,
        confirmDelay,
        window,
        timeout);
  }

  public QuorumSettings withAntiEntropyInterval(Duration interval) {
    return new QuorumSettings(
        interval,
        antiEntropyCallTimeout,
        digestPageKeys,
        snapshotMaxAge,
        confirmDelay,
        coldStart,
        coldTimeout);
  }

  public QuorumSettings withDigestPageKeys(int keys) {
    return new QuorumSettings(
        antiEntropyInterval,
        antiEntropyCallTimeout,
        keys,
        snapshotMaxAge,
        confirmDelay,
        coldStart,
        coldTimeout);
  }

  public QuorumSettings withSnapshotMaxAge(Duration age) {
    return new QuorumSettings(
        antiEntropyInterval,
        antiEntropyCallTimeout,
        digestPageKeys,
        age,
        confirmDelay,
        coldStart,
        coldTimeout);
  }
}
