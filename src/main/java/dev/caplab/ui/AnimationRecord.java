package dev.caplab.ui;

/** One token that was drawn: the view-model's memory of what the animation showed. */
record AnimationRecord(String from, String to, String label, String key) {}
