package dev.caplab.client;

import io.grpc.ManagedChannel;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** Closing the channels a client created: in flight calls get a moment, then are cut. Stateless. */
public final class Channels {

  private Channels() {}

  /** Shuts every channel down at once, then waits up to 2 s for each before forcing it. */
  public static void close(Collection<ManagedChannel> channels) {
    channels.forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels) {
      try {
        if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
