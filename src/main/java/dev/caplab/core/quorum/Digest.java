package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import java.util.List;

/**
 * One page of the sender's keys with their versions, covering the key range (afterKey, lastKey] in
 * key order; lastKey "" means "to the end". The first page carries a fingerprint and key count of
 * the sender's whole store, so that two stores in sync settle with a single message.
 */
public record Digest(
    String afterKey,
    String lastKey,
    List<KeyVersion> entries,
    boolean firstPage,
    long fingerprint,
    long keyCount)
    implements Message {

  public static final String TYPE = "anti-entropy-digest";

  public Digest {
    entries = List.copyOf(entries);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
