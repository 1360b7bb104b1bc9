package dev.caplab.lesson;

import java.util.List;

/** One step of a lesson, with the line of the lesson file it starts on. Immutable. */
public sealed interface Step {

  int line();

  /**
   * Text for the student; highlight names nodes ("slave_1") and links ("master--slave_1") to point
   * at.
   */
  record Say(int line, String text, List<String> highlight) implements Step {
    public Say {
      highlight = List.copyOf(highlight);
    }
  }

  /**
   * A prediction asked before the step that answers it: choices, the index (from 0) of the right
   * one, and why, shown once the run has answered.
   */
  record Ask(int line, String question, List<String> choices, int answer, String why)
      implements Step {
    public Ask {
      choices = List.copyOf(choices);
    }

    public String rightChoice() {
      return choices.get(answer);
    }
  }

  /** Something done to the real cluster. */
  record Do(int line, Action action) implements Step {}

  /** Something that must now hold on the real cluster. */
  record Expect(int line, Expectation expectation) implements Step {}

  /** Text shown after what it explains. */
  record Explain(int line, String text) implements Step {}
}
