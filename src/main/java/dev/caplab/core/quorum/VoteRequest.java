package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;

/** Asks a node for its vote and the version it holds for key; reads also ask for the value. */
public record VoteRequest(String key, boolean withValue) implements Message {

  public static final String TYPE = "vote-request";

  @Override
  public String type() {
    return TYPE;
  }
}
