package dev.caplab.core.quorum;

import java.time.Duration;

/**
 * Tuning of the background parts of the quorum protocol; the quorums and the request timeout come from
 * the cluster config.
 *
 * @param antiEntropyInterval pause between anti-entropy passes (the first runs at start)
 * @param antiEntropyCallTimeout how long one digest exchange may take
 * @param digestPageKeys keys per digest page
 * @param snapshotMaxAge how old a store copy may be when answering digests
 * @param confirmDelay how long confirmations gather before they are sent as one message per peer
 */
public record QuorumSettings(Duration antiEntropyInterval, Duration antiEntropyCallTimeout, int digestPageKeys,
    Duration snapshotMaxAge, Duration confirmDelay) {

  public static QuorumSettings defaults() {
    return new QuorumSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), 512, Duration.ofSeconds(1),
        Duration.ofMillis(5));
  }

  public QuorumSettings withAntiEntropyInterval(Duration interval) {
    return new QuorumSettings(interval, antiEntropyCallTimeout, digestPageKeys, snapshotMaxAge, confirmDelay);
  }

  public QuorumSettings withDigestPageKeys(int keys) {
    return new QuorumSettings(antiEntropyInterval, antiEntropyCallTimeout, keys, snapshotMaxAge, confirmDelay);
  }

  public QuorumSettings withSnapshotMaxAge(Duration age) {
    return new QuorumSettings(antiEntropyInterval, antiEntropyCallTimeout, digestPageKeys, age, confirmDelay);
  }
}
