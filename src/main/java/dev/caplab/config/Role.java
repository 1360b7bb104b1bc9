package dev.caplab.config;

/** What a node does in its cluster. */
public enum Role {
  MASTER,
  SLAVE,
  PEER
}
