package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import dev.caplab.core.storage.Versioned;

/** A read writing the newest version it found back to nodes that do not hold it yet. */
public record ReadRepair(String key, Versioned entry) implements Message {

  public static final String TYPE = "read-repair";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return entry.version().toString();
  }
}
