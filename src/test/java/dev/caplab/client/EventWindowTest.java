package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

/** The batched stream's flow control counts events, whatever the size of the messages. */
class EventWindowTest {

  /** A call that only counts the messages asked for. */
  private static final class CountingCall extends ClientCall<Object, Object> {
    int asked;

    @Override
    public void start(Listener<Object> listener, Metadata headers) {}

    @Override
    public void request(int n) {
      asked += n;
    }

    @Override
    public void cancel(String message, Throwable cause) {}

    @Override
    public void halfClose() {}

    @Override
    public void sendMessage(Object message) {}
  }

  private final CountingCall call = new CountingCall();
  private final EventWindow window = new EventWindow(call, 4096, 128);

  @Test
  void opensWithAsManyFullBatchesAsTheWindowHolds() {
    window.open();

    assertThat(call.asked).isEqualTo(32);
  }

  @Test
  void smallBatchesKeepComingUntilTheirEventsFillTheWindow() {
    window.open();
    int arrived = 0;
    while (arrived < call.asked) { // nothing is delivered: messages of 2 events each
      window.arrived(2);
      arrived++;
    }

    int held = 2 * arrived;
    assertThat(held).isGreaterThan(4096 - 2 * 128); // not 32 messages' worth: 64 events
    assertThat(held).isLessThanOrEqualTo(4096);
  }

  @Test
  void deliveredEventsReopenTheWindowAndEmptyMessagesCostNothing() {
    window.open();
    for (int i = 0; i < 32; i++) {
      window.arrived(128);
    }
    assertThat(call.asked).isEqualTo(32); // full: 4096 events held

    window.arrived(0); // cannot happen when nothing was asked, but must not open anything
    window.delivered(128);
    assertThat(call.asked).isEqualTo(34);
  }
}
