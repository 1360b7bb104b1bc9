package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import dev.caplab.core.storage.Version;

/**
 * Answer to a write or read-repair: the node now durably holds {@code held}, which is the written
 * version ({@code stored}) or a newer one that superseded it.
 */
public record WriteAck(String key, Version held, boolean stored) implements Message {

  public static final String TYPE = "write-ack";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return held.toString();
  }
}
