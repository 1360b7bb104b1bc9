package dev.caplab.config;

/** The two architectures of the assignment. */
public enum Mode {
  /** A master coordinates slaves with two-phase commit. */
  CENTRALIZED,
  /** No master; weighted quorum voting on every node. */
  DECENTRALIZED
}
