package de.videoberatung.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The server's messages to the customer's page keep the JSON that web/join.js reads. */
class PageSignalTest {

    @Test
    void everyMessageHasTheShapeThePageReads() throws JsonProcessingException {
        assertThat(json(new PageSignal.Welcome(AppointmentStatus.CUSTOMER_WAITING)))
                .isEqualTo(node("{\"type\":\"welcome\",\"status\":\"CUSTOMER_WAITING\"}"));
        assertThat(json(new PageSignal.Start())).isEqualTo(node("{\"type\":\"start\"}"));
        assertThat(json(new PageSignal.Answer("v=0\r\n"))).isEqualTo(node("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}"));
        assertThat(json(new PageSignal.Candidate("0", "candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host")))
                .isEqualTo(node("{\"type\":\"candidate\",\"mid\":\"0\","
                        + "\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\"}"));
        assertThat(json(new PageSignal.Connection("interrupted")))
                .isEqualTo(node("{\"type\":\"connection\",\"state\":\"interrupted\"}"));
        assertThat(json(new PageSignal.Ended("phone"))).isEqualTo(node("{\"type\":\"ended\",\"by\":\"phone\"}"));
        assertThat(json(new PageSignal.Taken())).isEqualTo(node("{\"type\":\"taken\"}"));
        assertThat(json(new PageSignal.Refused("NOT_IN_CALL")))
                .isEqualTo(node("{\"type\":\"refused\",\"code\":\"NOT_IN_CALL\"}"));
    }

    @Test
    void messagesReadBackAsTheSameRecords() throws JsonProcessingException {
        PageSignal sent = new PageSignal.Candidate("1", "candidate:2 1 udp 1 10.0.0.1 6000 typ host");
        String text = Json.mapper().writerFor(PageSignal.class).writeValueAsString(sent);
        assertThat(Json.mapper().readValue(text, PageSignal.class)).isEqualTo(sent);
    }

    private static JsonNode json(PageSignal signal) throws JsonProcessingException {
        return node(Json.mapper().writerFor(PageSignal.class).writeValueAsString(signal));
    }

    private static JsonNode node(String text) throws JsonProcessingException {
        return Json.mapper().readTree(text);
    }
}
