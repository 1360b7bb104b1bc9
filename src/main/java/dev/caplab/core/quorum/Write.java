package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import dev.caplab.core.storage.Versioned;

/** Second phase of a put: store this value under its new version (if newer than what is held). */
public record Write(String key, Versioned entry) implements Message {

  public static final String TYPE = "write";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return entry.version().toString();
  }
}
