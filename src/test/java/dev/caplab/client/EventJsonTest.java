package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void everyFieldIsWrittenInSnakeCaseInRecordOrder() {
    NodeEvent e =
        new NodeEvent(
            "slave_1",
            7,
            12,
            1700000000123L,
            "RECEIVED",
            "prepare",
            "master",
            "k",
            "tx-3",
            "4@master",
            0,
            0,
            0,
            "",
            5);

    assertThat(EventJson.toJson(e))
        .isEqualTo(
            "{\"node\":\"slave_1\",\"seq\":7,\"lamport\":12,"
                + "\"wall_millis\":1700000000123,\"type\":\"RECEIVED\",\"label\":\"prepare\",\"peer\":\"master\","
                + "\"key\":\"k\",\"tx_id\":\"tx-3\",\"version\":\"4@master\",\"votes\":0,\"needed\":0,\"micros\":0,"
                + "\"detail\":\"\",\"cause_seq\":5}");
  }

  @Test
  void stringsAreEscapedSoEachEventStaysOnOneLine() {
    NodeEvent e =
        new NodeEvent(
            "n",
            1,
            1,
            0,
            "CLIENT_REQUEST",
            "put",
            "",
            "a\"b\\c\nd\u0001é🔑",
            "",
            "",
            0,
            0,
            0,
            "tab\there",
            0);

    String json = EventJson.toJson(e);

    assertThat(json)
        .doesNotContain("\n")
        .contains("\"key\":\"a\\\"b\\\\c\\nd\\u0001é🔑\"")
        .contains("\"detail\":\"tab\\there\"");
  }
}
