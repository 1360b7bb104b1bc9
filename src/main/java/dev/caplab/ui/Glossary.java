package dev.caplab.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plain words for every state, message and term the lab shows, so that cards, event log and
 * inspector explain them the same way (as tooltips). Immutable; safe from any thread.
 */
final class Glossary {

  private static final Map<String, String> TERMS = new LinkedHashMap<>();

  /** Terms that show up inside free text (details, log lines), looked for by {@link #explainIn}. */
  private static final List<String> IN_TEXT =
      List.of(
          "synced to",
          "epoch",
          "read lease",
          "quorum",
          "in doubt",
          "read repair",
          "anti-entropy",
          "excluded",
          "catches up",
          "presumed abort",
          "weight",
          "version");

  static {
    // Node status, as the cards show it
    term("stopped", "No process runs for this node.");
    term(
        "starting", "The node's process has been launched and is loading; it does not answer yet.");
    term(
        "recovering",
        "The node is up again on its data: it replays its log, settles transactions left open and"
            + " (a slave) catches up with the master. It refuses clients until that is done.");
    term("catching-up", "A slave fetching from the master, page by page, the writes it missed.");
    term("serving", "The node answers puts and gets.");
    term(
        "slowed",
        "Every request the node handles waits this many seconds first (slowDown). Restore speed puts"
            + " it back to full speed; its protocol status goes on changing meanwhile.");
    term(
        "in doubt",
        "A slave voted yes to a transaction and has not heard the master's decision. It may not"
            + " decide alone, so the key stays locked until the master answers: the blocking case of two-phase"
            + " commit.");
    term(
        "no lease",
        "A slave answers reads from its own copy only while it holds a read lease from the master."
            + " Its lease ran out (the master is unreachable or slow), so it refuses reads rather than return stale"
            + " data.");
    term(
        "excluded",
        "The master stopped counting on this slave (it did not answer in time) and commits without"
            + " it. The slave rejoins by catching up.");
    term(
        "out of the group",
        "The master's view: it commits without this slave until the slave has caught up.");
    term(
        "isolated",
        "The lab drops every message between this node and its peers, both ways: a network"
            + " partition. Heal removes it.");
    term("down", "The process was killed or died after serving. Recover restarts it on its data.");
    term(
        "failed to start",
        "The process could not start or exited before serving; the inspector's Log shows"
            + " its output.");
    term(
        "master",
        "Coordinates every write with two-phase commit and grants the slaves their read leases.");
    term(
        "slave",
        "Keeps a copy of the data; votes in two-phase commit and answers reads while it holds a lease.");
    // 2PC states (banners, inspector's transactions)
    term(
        "preparing",
        "The master has asked every slave to prepare the write and waits for their votes.");
    term(
        "prepared",
        "This slave has logged the write and voted yes; it waits for commit or abort, key locked.");
    term(
        "waiting-lease",
        "The master waits before committing: a slave it just excluded may still hold a read"
            + " lease and answer reads, so it waits until that lease has surely run out.");
    term("committed", "The transaction is decided and applied: every reader sees the new value.");
    term(
        "aborted",
        "The transaction was cancelled (a no vote, a timeout, or no COMMIT in the log after a"
            + " restart); nothing was written.");
    term("member", "The master's view: the slave is caught up and takes part in every commit.");
    term(
        "joining",
        "The master's view: the slave is (re)joining and catching up; it does not vote yet.");
    // Messages, as tokens and the log's What column name them
    term("prepare", "2PC phase 1: the master asks a slave to log the write and vote.");
    term("vote-yes", "A slave's vote: it logged the write and can commit it.");
    term("vote-no", "A slave's vote: it cannot take the write, so the transaction aborts.");
    term("commit", "2PC phase 2: the master's decision to apply the write.");
    term("abort", "The master's decision to cancel the write.");
    term("ack", "A slave confirming it applied the decision.");
    term("decision", "The master's answer to a slave that asked how a transaction ended.");
    term("tx-status", "A slave in doubt asking the master how a transaction ended.");
    term(
        "join",
        "A (re)starting slave asking the master to let it back in, telling how far it is synced.");
    term("joined", "The master's answer to a join: the epoch and how far the slave must catch up.");
    term("catch-up", "A slave asking the master for writes it missed.");
    term("catch-up-page", "One page of missed writes, from the master to a catching-up slave.");
    term(
        "probe",
        "The master checking that a joining slave answers in time (a slowed slave is not let back in).");
    term("lease", "A slave asking the master to renew its read lease.");
    term(
        "read lease",
        "The master's promise, for a short time, that it commits nothing without this slave, so"
            + " the slave may answer reads from its own copy. The slave renews it in the background.");
    term("lease-grant", "The master renewing a slave's read lease.");
    term("lease-refused", "The master refusing a read lease (the slave is not a member).");
    term(
        "forward-put",
        "A slave passing a client's put on to the master, which coordinates every write.");
    term(
        "forward-get",
        "A slave passing a client's get on to the master (it may not answer from its copy).");
    term("put-result", "The master's answer to a forwarded put.");
    term("get-result", "The master's answer to a forwarded get.");
    term("vote-request", "The coordinator asking a node for its vote and its version of the key.");
    term(
        "vote-grant",
        "A node's vote: it adds the node's weight to the count, with the version it holds.");
    term("write", "The coordinator sending the value with its new version to store.");
    term("write-ack", "A node confirming it stored the write.");
    term(
        "confirm",
        "The coordinator telling nodes a version is on a write quorum, so later reads that find it"
            + " need no write-back.");
    term("confirm-ack", "A node acknowledging a confirm.");
    term("read", "The coordinator asking nodes for their version of a key.");
    term(
        "read-repair",
        "After a read, the coordinator sends the newest value to nodes that returned an older"
            + " one, so replicas converge.");
    term(
        "anti-entropy",
        "A background exchange: nodes compare what they hold and pull newer values, so"
            + " replicas converge even without reads.");
    term("anti-entropy-digest", "Anti-entropy: a summary of the versions a node holds.");
    term("anti-entropy-delta", "Anti-entropy: the values the other node was missing.");
    // Event types (the log's Event column)
    term("SENT", "The node sent a message to its peer.");
    term("RECEIVED", "The node took in a message from its peer (after any delay or slowdown).");
    term(
        "STATE",
        "A transaction changed state at this node (or, at the master, a slave's membership).");
    term("QUORUM", "A coordinator's vote count: votes (weights) gathered so far and needed.");
    term("CLIENT_REQUEST", "A client's put or get arrived at the node.");
    term(
        "CLIENT_REPLY",
        "The node answered the client; the detail gives the outcome and the latency.");
    term("NODE_STATUS", "The node reported a change of its own status.");
    term("HELD", "Step mode: the node holds an outgoing request until it is released.");
    term("RELEASED", "Step mode: a held request was let go.");
    // Terms inside details and labels
    term(
        "synced to",
        "The last position in the master's sequence of commits that this slave has applied: it"
            + " has every write up to there.");
    term(
        "epoch",
        "A number the master gives each membership change (each join). Messages of an older epoch are"
            + " refused, so a slave that rejoined cannot be confused with its earlier self.");
    term(
        "quorum",
        "The votes an operation must gather before it counts: W for a write, R for a read. R + W is"
            + " more than the total, so every read meets the latest write.");
    term("weight", "How many votes a node casts in a quorum.");
    term(
        "version",
        "counter@node: which write a value came from. The higher counter wins; equal counters are"
            + " ordered by node id.");
    term(
        "read repair",
        "After a read, the coordinator sends the newest value to nodes that returned an older"
            + " one.");
    term("catches up", "The slave fetches the writes it missed before it takes part again.");
    term(
        "presumed abort",
        "After a restart, a transaction with no COMMIT in the master's log counts as"
            + " aborted.");
    term(
        "lamport",
        "Lamport clock: a counter each event advances, and a receive is always later than its"
            + " send. It orders events causally, not by wall-clock time.");
    term(
        "background traffic",
        "Messages no client caused: read leases, probes and anti-entropy. The nodes"
            + " exchange them even when idle.");
  }

  private Glossary() {}

  private static void term(String term, String meaning) {
    TERMS.put(key(term), meaning);
  }

  /** Normalizes "IN_DOUBT", "in-doubt" and "in doubt" alike. */
  private static String key(String term) {
    return term.trim().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
  }

  /** What the term means, in plain words. */
  static Optional<String> explain(String term) {
    return term == null ? Optional.empty() : Optional.ofNullable(TERMS.get(key(term)));
  }

  /** "term: meaning", or empty when the term is unknown. */
  static String entry(String term) {
    return explain(term).map(m -> term + ": " + m).orElse("");
  }

  /**
   * Explanations of the glossary's terms found inside a free text, one per line; empty when none.
   */
  static String explainIn(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String lower = key(text);
    List<String> lines = new ArrayList<>();
    for (String term : IN_TEXT) {
      if (lower.contains(key(term))) {
        lines.add(entry(term));
      }
    }
    return String.join("\n", lines);
  }

  /** A text followed by what its terms mean: the tooltip of a detail. */
  static String annotate(String text) {
    String terms = explainIn(text);
    return terms.isEmpty() ? text : text + "\n\n" + terms;
  }

  /** A word (a status, a label) followed by what it means, or just the word when unknown. */
  static String describe(String word) {
    return explain(word).map(m -> word + " — " + m).orElse(word);
  }

  /** Every term, for the glossary test. */
  static Map<String, String> all() {
    return Map.copyOf(TERMS);
  }
}
