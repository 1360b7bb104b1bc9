package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import dev.caplab.core.storage.Versioned;
import java.util.List;
import java.util.Map;

/**
 * Answer to a {@link Digest}: the receiver's entries in the digest's range that are newer than the
 * sender's or missing there, up to a size limit. coveredTo is the last key examined; done means the
 * whole range was; inSync means the fingerprints matched and nothing was examined.
 */
public record Delta(
    List<Map.Entry<String, Versioned>> entries, String coveredTo, boolean done, boolean inSync)
    implements Message {

  public static final String TYPE = "anti-entropy-delta";

  public Delta {
    entries = List.copyOf(entries);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
