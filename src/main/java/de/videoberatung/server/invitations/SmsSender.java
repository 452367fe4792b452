package de.videoberatung.server.invitations;

import de.videoberatung.api.InvitationReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import de.videoberatung.api.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Sends an SMS through the configured HTTP gateway (docs/invitations.md has the request): a JSON POST
 * {@code {"to": "+491701234567", "text": "..."}}, with {@code Authorization: Bearer <sms.gateway.token>} when a
 * token is set. 2xx: accepted. 408, 429, 5xx or no answer: tried again later. Any other answer: failed for good.
 */
final class SmsSender {

    private final InvitationOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SmsSender(InvitationOptions options) {
        this.options = options;
    }

    void send(String to, String text) throws SendFailure {
        String body;
        try {
            body = Json.mapper().writeValueAsString(Map.of("to", to, "text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unserialisable SMS", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(options.smsGatewayUrl())
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (options.smsGatewayToken() != null) {
            request.header("Authorization", "Bearer " + options.smsGatewayToken());
        }
        int status;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new SendFailure(InvitationReason.SMS_GATEWAY_UNREACHABLE, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure(InvitationReason.SMS_GATEWAY_UNREACHABLE, true, e);
        }
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new SendFailure(InvitationReason.SMS_GATEWAY_BUSY, true, null);
        }
        throw new SendFailure(InvitationReason.SMS_REFUSED, false, null);
    }
}
