package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;

/** Answer to {@link Confirm}: nothing but receipt. */
public record ConfirmAck() implements Message {

  public static final String TYPE = "confirm-ack";

  @Override
  public String type() {
    return TYPE;
  }
}
