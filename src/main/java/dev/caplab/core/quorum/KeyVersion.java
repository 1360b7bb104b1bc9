package dev.caplab.core.quorum;

import dev.caplab.core.storage.Version;

/** A key and a version of it, as digests and confirmations list them. */
public record KeyVersion(String key, Version version) {}
