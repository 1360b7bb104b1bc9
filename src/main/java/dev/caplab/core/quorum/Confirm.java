package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import java.util.List;

/**
 * Tells a node that these versions are on a write quorum, so reads that find them need no
 * write-back.
 */
public record Confirm(List<KeyVersion> entries) implements Message {

  public static final String TYPE = "confirm";

  public Confirm {
    entries = List.copyOf(entries);
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The key when the batch has exactly one, else "" (a batch is shown as one message). */
  @Override
  public String key() {
    return entries.size() == 1 ? entries.get(0).key() : "";
  }

  @Override
  public String version() {
    return entries.size() == 1 ? entries.get(0).version().toString() : "";
  }
}
