package dev.caplab.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javafx.css.PseudoClass;

/**
 * The colour family of a protocol message, decided from the words of its label (prepare, vote-yes,
 * write-ack...).
 */
enum MessageKind {
  /** Asks for something: prepare, vote-request, read. */
  REQUEST,
  /** Agrees or confirms: vote-yes, vote-grant, ack, write-ack. */
  POSITIVE,
  /** Refuses or cancels: vote-no, abort. */
  NEGATIVE,
  /** Carries a decision or data: commit, write. */
  DECISION,
  /** Brings a replica up to date: read-repair, catch-up. */
  REPAIR,
  /** Housekeeping that runs without a client request: read leases, probes, anti-entropy. */
  BACKGROUND,
  OTHER;

  private final PseudoClass pseudoClass =
      PseudoClass.getPseudoClass(name().toLowerCase(Locale.ROOT));

  private static final Map<String, MessageKind> KNOWN = new ConcurrentHashMap<>();

  /** Labels are few and events many: each label is classified once. */
  static MessageKind of(String label) {
    return KNOWN.computeIfAbsent(label, MessageKind::classify);
  }

  private static MessageKind classify(String label) {
    List<String> words = Arrays.asList(label.toLowerCase(Locale.ROOT).split("[-_ ]+"));
    if (any(words, "lease", "probe", "digest", "delta", "entropy", "heartbeat")) {
      return BACKGROUND;
    }
    if (any(words, "repair", "catchup", "catch", "sync", "resolve")) {
      return REPAIR;
    }
    if (any(words, "no", "abort", "nack", "reject", "deny", "denied", "fail", "refuse")) {
      return NEGATIVE;
    }
    if (any(words, "yes", "grant", "ack", "reply", "result", "ok", "vote", "stored", "done")
        && !words.contains("request")) {
      return POSITIVE;
    }
    if (any(words, "prepare", "request", "read", "query", "get", "cancommit")) {
      return REQUEST;
    }
    if (any(words, "commit", "write", "decide", "decision", "apply", "put")) {
      return DECISION;
    }
    return OTHER;
  }

  /** CSS class of a token of this kind, e.g. {@code token-request}. */
  String styleClass() {
    return "token-" + name().toLowerCase(Locale.ROOT);
  }

  /** Pseudo-class of this kind for nodes whose kind changes often, e.g. {@code :request}. */
  PseudoClass pseudoClass() {
    return pseudoClass;
  }

  private static boolean any(List<String> words, String... wanted) {
    for (String w : wanted) {
      if (words.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
