package dev.caplab.config;

/** How the 2PC master decides a put: the textbook order, or parallel commits. */
public enum CommitProtocol {
  /**
   * The client is answered once the master's COMMIT record is on disk, after every vote: two fsyncs
   * one after the other on the path of each put.
   */
  TEXTBOOK,
  /**
   * The master logs a staging record (with the participants) while the slaves prepare; once it and
   * every vote are durable the put is committed by definition and the client is answered. The
   * COMMIT record follows off the path; a restarted master that finds none asks the participants.
   */
  PARALLEL
}
