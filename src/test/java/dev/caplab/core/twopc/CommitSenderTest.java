package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.net.InMemoryNetwork;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.Transport;
import dev.caplab.core.twopc.TwoPcMessages.Ack;
import dev.caplab.core.twopc.TwoPcMessages.Commit;
import dev.caplab.core.twopc.TwoPcMessages.TxRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CommitSenderTest {

  @Test
  void commitsReadyWhileOneIsOnTheWayTravelTogether() {
    try (InMemoryNetwork network = new InMemoryNetwork()) {
      List<Commit> received = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> slow = new CompletableFuture<>();
      network.register(
          "slave_1",
          (from, message) -> {
            Commit commit = (Commit) message;
            received.add(commit);
            CompletableFuture<Void> gate =
                received.size() == 1 ? slow : CompletableFuture.completedFuture(null);
            return gate.thenApply(v -> (Message) new Ack(commit.txs()));
          });
      Transport transport = network.transport("master");
      CommitSender sender = new CommitSender(transport, Duration.ofSeconds(5));

      List<CompletableFuture<Boolean>> acks = new ArrayList<>();
      for (int seq = 1; seq <= 5; seq++) {
        acks.add(sender.send("slave_1", seq, "k" + seq));
      }
      org.awaitility.Awaitility.await().until(() -> received.size() == 1);
      slow.complete(null);

      acks.forEach(a -> assertThat(a.join()).isTrue());
      assertThat(received).hasSize(2);
      assertThat(received.get(0).txs()).containsExactly(new TxRef(1, "k1"));
      assertThat(received.get(1).txs()).extracting(TxRef::seq).containsExactly(2L, 3L, 4L, 5L);
      assertThat(received.get(1).txId()).isEqualTo("2,3,4,5");
    }
  }

  @Test
  void anUnreachableSlaveFailsTheAckNotTheSender() {
    try (InMemoryNetwork network = new InMemoryNetwork()) {
      CommitSender sender = new CommitSender(network.transport("master"), Duration.ofMillis(200));
      assertThat(sender.send("slave_9", 1, "k").join()).isFalse();
      assertThat(sender.send("slave_9", 2, "k").join()).isFalse();
    }
  }
}
