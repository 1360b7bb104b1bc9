package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Hand-made operations for the checker tests: times in seconds read as whole microseconds. */
final class Histories {

  private Histories() {}

  static Operation put(String key, String value, long invoke, long complete) {
    return Operation.put("c", key, value, invoke, complete, Outcome.OK);
  }

  static Operation get(String key, String value, long invoke, long complete) {
    return Operation.get("c", key, value, invoke, complete, Outcome.OK);
  }

  static Operation unknownPut(String key, String value, long invoke, long complete) {
    return Operation.put("c", key, value, invoke, complete, Outcome.UNKNOWN);
  }

  static Operation failedPut(String key, String value, long invoke, long complete) {
    return Operation.put("c", key, value, invoke, complete, Outcome.FAIL);
  }

  /**
   * A history of a real atomic register per key: every operation takes effect at one instant inside
   * its interval, so it is linearizable by construction. Some puts are recorded as unknown (their
   * effect happened, the answer was lost), some as failed ones that never happened.
   */
  static List<Operation> atomic(long seed, int clients, int keys, int size) {
    Random random = new Random(seed);
    String[] values = new String[keys];
    List<Operation> history = new ArrayList<>();
    long[] busyUntil = new long[clients];
    int n = 0;
    for (long t = 10; history.size() < size; t += 10) {
      int client = random.nextInt(clients);
      if (busyUntil[client] > t) {
        continue;
      }
      long invoke = t - random.nextInt(40);
      long complete = t + 1 + random.nextInt(40);
      busyUntil[client] = complete + 1;
      int k = random.nextInt(keys);
      String key = "k" + k;
      String process = "c" + client;
      int kind = random.nextInt(10);
      if (kind < 4) {
        values[k] = "v" + n++;
        Outcome outcome = kind == 0 ? Outcome.UNKNOWN : Outcome.OK;
        history.add(
            new Operation(
                process,
                Operation.Type.PUT,
                key,
                values[k],
                Math.max(invoke, 0),
                complete,
                outcome));
      } else if (kind == 4) {
        history.add(
            new Operation(
                process,
                Operation.Type.PUT,
                key,
                "never-" + n++,
                Math.max(invoke, 0),
                complete,
                Outcome.FAIL));
      } else {
        history.add(
            new Operation(
                process,
                Operation.Type.GET,
                key,
                values[k],
                Math.max(invoke, 0),
                complete,
                Outcome.OK));
      }
    }
    return history;
  }
}
