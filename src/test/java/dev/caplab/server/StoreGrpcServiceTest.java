package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.KvException;
import dev.caplab.core.net.PeerException;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StoreGrpcServiceTest {

  @ParameterizedTest
  @EnumSource(KvException.Reason.class)
  void everyReasonMapsToTheStatusOfTheSameNameWithItsMessage(KvException.Reason reason) {
    Status status =
        StoreGrpcService.toStatus(
            new CompletionException(new KvException(reason, "why: " + reason)));
    assertThat(status.getCode().name()).isEqualTo(reason.name());
    assertThat(status.getDescription()).isEqualTo("why: " + reason);
  }

  @ParameterizedTest
  @CsvSource({"TIMEOUT, DEADLINE_EXCEEDED", "UNREACHABLE, UNAVAILABLE", "DROPPED, UNAVAILABLE"})
  void peerFailureThatReachesTheAdapterIsAClientStatus(PeerException.Kind kind, Status.Code code) {
    Status status =
        StoreGrpcService.toStatus(new PeerException(kind, "slave_1", "slave_1 said nothing"));
    assertThat(status.getCode()).isEqualTo(code);
    assertThat(status.getDescription()).isEqualTo("slave_1 said nothing");
  }

  @ParameterizedTest
  @CsvSource({"a, 1", "é, 2", "€, 3", "😀, 4", "'a\u0000😀€', 9"})
  void keysAreMeasuredInUtf8Bytes(String text, int bytes) {
    assertThat(StoreGrpcService.utf8Length(text))
        .isEqualTo(bytes)
        .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }
}
