package dev.caplab.lesson;

import io.grpc.Status;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes steps in the lesson format (assets/lessons/README.md), for lessons recorded in the GUI.
 * What it writes reads back through {@link LessonLoader} as the same actions. Stateless.
 */
public final class LessonWriter {

  private LessonWriter() {}

  /**
   * The top of a lesson file, up to and including {@code steps:}; config is a bundled name or a
   * path.
   */
  public static String header(String title, String summary, String config) {
    return "title: "
        + quote(title)
        + "\n"
        + "summary: "
        + quote(summary)
        + "\n"
        + "config: "
        + quote(config)
        + "\n"
        + "steps:\n";
  }

  /** One {@code do} step, as list items under {@code steps:}. */
  public static String step(Action action) {
    StringBuilder out = new StringBuilder();
    if (action instanceof Action.Put p) {
      item(out, "put")
          .key(out, "node", p.node())
          .key(out, "key", p.key())
          .key(out, "value", p.value());
      name(out, p.name());
    } else if (action instanceof Action.Get g) {
      item(out, "get").key(out, "node", g.node()).key(out, "key", g.key());
      name(out, g.name());
    } else if (action instanceof Action.Fail f) {
      item(out, "fail").key(out, "node", f.node());
    } else if (action instanceof Action.Recover r) {
      item(out, "recover").key(out, "node", r.node());
    } else if (action instanceof Action.Slow s) {
      item(out, "slow").key(out, "node", s.node());
      out.append("    seconds: ").append(s.seconds()).append('\n');
    } else if (action instanceof Action.Restore r) {
      item(out, "restore").key(out, "node", r.node());
    } else if (action instanceof Action.Isolate i) {
      item(out, "isolate").key(out, "node", i.node());
    } else if (action instanceof Action.HealNode h) {
      item(out, "heal").key(out, "node", h.node());
    } else if (action instanceof Action.Cut c) {
      item(out, "cut");
      out.append("    between: ").append(list(List.of(c.a(), c.b()))).append('\n');
    } else if (action instanceof Action.HealLink h) {
      item(out, "heal");
      out.append("    between: ").append(list(List.of(h.a(), h.b()))).append('\n');
    } else if (action instanceof Action.StartLoad l) {
      item(out, "start_load");
      out.append("    clients: ").append(l.clients()).append('\n');
      if (!l.nodes().isEmpty()) {
        out.append("    nodes: ").append(list(l.nodes())).append('\n');
      }
      out.append("    keys: ").append(list(l.keys())).append('\n');
      out.append("    read_ratio: ")
          .append(String.format(Locale.ROOT, "%.2f", l.readRatio()))
          .append('\n');
    } else if (action instanceof Action.StopLoad) {
      item(out, "stop_load");
    } else if (action instanceof Action.StepMode m) {
      item(out, "step_mode");
      out.append("    on: ").append(m.on()).append('\n');
      if (!m.nodes().isEmpty()) {
        out.append("    nodes: ").append(list(m.nodes())).append('\n');
      }
    } else if (action instanceof Action.Deliver d) {
      item(out, d.drop() ? "drop" : "deliver")
          .key(out, "message", d.message())
          .key(out, "from", d.from())
          .key(out, "to", d.to());
      if (!d.key().isEmpty()) {
        key(out, "key", d.key());
      }
      if (d.all()) {
        out.append("    all: true\n");
      }
      out.append("    within: ").append(duration(d.within())).append('\n');
    } else if (action instanceof Action.ArmCrash a) {
      item(out, "arm_crash").key(out, "node", a.node()).key(out, "point", a.point());
    } else if (action instanceof Action.Wait w) {
      item(out, "wait");
      out.append("    for: ").append(duration(w.duration())).append('\n');
    } else {
      throw new IllegalArgumentException("cannot write " + action);
    }
    return out.toString();
  }

  /**
   * An {@code expect: result} for the operation called name: one outcome word, and a get's value.
   */
  public static String expectResult(String name, String outcome, Optional<String> value) {
    StringBuilder out = new StringBuilder("  - expect: result\n");
    key(out, "of", name);
    key(out, "outcome", outcome);
    value.ifPresent(v -> key(out, "value", v));
    return out.toString();
  }

  /** A gRPC status code's name as itself; anything else (a client-side error) as {@code failed}. */
  public static String outcomeOfStatus(String status) {
    boolean grpc =
        Arrays.stream(Status.Code.values())
            .anyMatch(c -> c != Status.Code.OK && c.name().equals(status));
    return grpc ? status : Expectation.FAILED;
  }

  /** Seconds with at most one decimal (2s, 1.5s), or milliseconds below a second. */
  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return Math.max(1, millis) + "ms";
    }
    double seconds = Math.round(millis / 100.0) / 10.0;
    return seconds == Math.rint(seconds)
        ? (long) seconds + "s"
        : String.format(Locale.ROOT, "%.1fs", seconds);
  }

  /** A double-quoted YAML scalar: any text reads back as itself. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String list(List<String> items) {
    return items.stream().map(LessonWriter::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  private static Chain item(StringBuilder out, String action) {
    out.append("  - do: ").append(action).append('\n');
    return new Chain();
  }

  private static void name(StringBuilder out, String name) {
    if (!name.isEmpty()) {
      key(out, "as", name);
    }
  }

  private static void key(StringBuilder out, String key, String value) {
    out.append("    ").append(key).append(": ").append(quote(value)).append('\n');
  }

  /** Lets one line add several keys to the same step. */
  private static final class Chain {
    Chain key(StringBuilder out, String key, String value) {
      LessonWriter.key(out, key, value);
      return this;
    }
  }
}
