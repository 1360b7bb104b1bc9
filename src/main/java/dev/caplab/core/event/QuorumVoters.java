package dev.caplab.core.event;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * How a QUORUM event's detail names the nodes counted so far: "node_0, node_1" while gathering, and
 * "node_0, node_1: quorum reached" (perhaps followed by more words) once they make the quorum.
 * Written by the quorum coordinators and read by viewers (the GUI's quorum overlay), in this one
 * place so that the two never drift apart.
 */
public final class QuorumVoters {

  static final String REACHED = ": quorum reached";

  private QuorumVoters() {}

  /** The detail of a QUORUM event; reached = these voters make the quorum. */
  public static String describe(Collection<String> voters, boolean reached) {
    return String.join(", ", voters) + (reached ? REACHED : "");
  }

  /**
   * As {@link #describe}, with a short reason after, e.g. "with own votes, version known stable".
   */
  public static String reached(Collection<String> voters, String why) {
    return describe(voters, true) + " " + why;
  }

  /** The voters that made the quorum, if the detail reports a quorum reached; empty otherwise. */
  public static List<String> reachedBy(String detail) {
    int end = detail.indexOf(REACHED);
    if (end <= 0) {
      return List.of();
    }
    return Arrays.stream(detail.substring(0, end).split(", "))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
