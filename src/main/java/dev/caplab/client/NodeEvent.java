package dev.caplab.client;

/**
 * One event as a node reported it over the observation stream: the client's own view of the wire
 * message, so that viewers depend on neither the generated classes nor the node's internals.
 */
public record NodeEvent(
    String node,
    long seq,
    long lamport,
    long wallMillis,
    String type,
    String label,
    String peer,
    String key,
    String txId,
    String version,
    int votes,
    int needed,
    long micros,
    String detail,
    long causeSeq) {}
