package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import dev.caplab.core.storage.Version;

/**
 * A node's vote: its weight and what it durably holds for key. {@code held} is {@link Version#ZERO}
 * when the key was never written there; {@code value} is "" unless it was asked for and exists.
 * {@code stable} is the highest version of key this node knows to be on a write quorum.
 */
public record VoteGrant(String key, Version held, String value, Version stable, int weight)
    implements Message {

  public static final String TYPE = "vote-grant";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return held.toString();
  }
}
