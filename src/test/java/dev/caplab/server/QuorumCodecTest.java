package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.caplab.core.net.Message;
import dev.caplab.core.quorum.Confirm;
import dev.caplab.core.quorum.ConfirmAck;
import dev.caplab.core.quorum.Delta;
import dev.caplab.core.quorum.Digest;
import dev.caplab.core.quorum.KeyVersion;
import dev.caplab.core.quorum.ReadRepair;
import dev.caplab.core.quorum.VoteGrant;
import dev.caplab.core.quorum.VoteRequest;
import dev.caplab.core.quorum.Write;
import dev.caplab.core.quorum.WriteAck;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuorumCodecTest {

  private final QuorumCodec codec = new QuorumCodec();
  private final Version v = new Version(12, "node_1");

  @Test
  void everyMessageSurvivesTheWire() {
    List<Message> messages =
        List.of(
            new VoteRequest("k", true),
            new VoteGrant("k", v, "välue", new Version(11, "node_0"), 2),
            new VoteGrant("k", Version.ZERO, "", Version.ZERO, 1),
            new Write("k", new Versioned("v", v)),
            new ReadRepair("k", new Versioned("", v)),
            new WriteAck("k", v, false),
            new Confirm(
                List.of(new KeyVersion("a", v), new KeyVersion("b", new Version(1, "node_2")))),
            new ConfirmAck(),
            new Digest("a", "", List.of(new KeyVersion("b", v)), true, -7L, 3),
            new Delta(List.of(Map.entry("b", new Versioned("x", v))), "b", false, false));
    for (Message message : messages) {
      assertThat(codec.decode(message.type(), codec.encode(message))).isEqualTo(message);
    }
  }

  @Test
  void unknownTypeIsRefused() {
    assertThatThrownBy(() -> codec.decode("prepare", ByteString.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prepare");
  }
}
