package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.core.net.Message;
import dev.caplab.core.twopc.TwoPcMessages;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwoPcCodecTest {

  private final TwoPcCodec codec = new TwoPcCodec();

  @Test
  void everyMessageSurvivesTheWire() {
    List<Message> messages =
        List.of(
            new TwoPcMessages.Prepare(42, "k", "v"),
            new TwoPcMessages.Vote(42, "k", true, ""),
            new TwoPcMessages.Vote(42, "k", false, "cannot write the log"),
            TwoPcMessages.Commit.of(42, "k"),
            new TwoPcMessages.Commit(
                List.of(new TwoPcMessages.TxRef(42, "k"), new TwoPcMessages.TxRef(43, "j"))),
            new TwoPcMessages.Abort(42, "k"),
            TwoPcMessages.Ack.of(42, "k"),
            new TwoPcMessages.Ack(List.of()),
            new TwoPcMessages.TxStatus(42, "k"),
            new TwoPcMessages.Decision(42, "k", TwoPcMessages.Outcome.COMMITTED, "v", 45),
            new TwoPcMessages.Decision(42, "k", TwoPcMessages.Outcome.PENDING, "", 0),
            new TwoPcMessages.Join(7),
            new TwoPcMessages.Joined(3, 99),
            new TwoPcMessages.CatchUp(3, 7),
            new TwoPcMessages.CatchUpPage(3, List.of(new TwoPcMessages.Entry("a", "1", 8)), true),
            new TwoPcMessages.LeaseRequest(3),
            new TwoPcMessages.LeaseReply(true, 1000, 99, ""),
            new TwoPcMessages.LeaseReply(false, 0, 0, "excluded"),
            new TwoPcMessages.Probe(),
            new TwoPcMessages.ForwardPut("k", "v"),
            new TwoPcMessages.PutResult("k", false, "ABORTED", "slave_2 did not answer"));
    for (Message message : messages) {
      assertThat(codec.decode(message.type(), codec.encode(message))).isEqualTo(message);
    }
  }

  @Test
  void anUnknownTypeIsRefusedClearly() {
    assertThatThrownBy(() -> codec.decode("quorum-read", com.google.protobuf.ByteString.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("quorum-read");
  }
}
