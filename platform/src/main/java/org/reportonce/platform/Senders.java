package org.reportonce.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.reportonce.platform.OutboxDispatcher.Delivered;
import org.reportonce.platform.OutboxDispatcher.Fail;
import org.reportonce.platform.OutboxDispatcher.Outcome;
import org.reportonce.platform.OutboxDispatcher.Retry;

/** The two kinds of outbox delivery: the platform's webhook and the hub's feedback endpoints. */
final class Senders {
    private Senders() {}

    /** POSTs the message body to the webhook, signed; any 2xx is success, anything else is retried. */
    static OutboxDispatcher.Sender webhook(URI url, String secret, Duration timeout, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        return m -> {
            byte[] body = m.body().getBytes(StandardCharsets.UTF_8);
            long ts = clock.instant().getEpochSecond();
            HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.IDEMPOTENCY_HEADER, m.idemKey())
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, ts, body))
                    .header("X-ReportOnce-Attempt", Integer.toString(m.attempts() + 1))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() / 100 == 2) return new Delivered();
                return new Retry("webhook answered " + resp.statusCode() + ": " + HubClient.excerpt(resp.body()));
            } catch (IOException e) {
                return new Retry("webhook unreachable: " + e);
            }
        };
    }

    /**
     * POSTs feedback or an attestation to the hub. 5xx, 408, 429, 401/403 (a key being rotated) and
     * network errors are retried; any other 4xx means the hub refuses the message itself, which
     * retrying will not change, so it is dead-lettered at once with the hub's problem text.
     */
    static OutboxDispatcher.Sender hub(HubClient hub) {
        return m -> {
            String path = switch (m.target()) {
                case HUB_FEEDBACK -> "/v1/feedback";
                case HUB_TAKEDOWN -> "/v1/takedowns";
                case WEBHOOK -> throw new IllegalArgumentException("not a hub message: " + m.idemKey());
            };
            try {
                HubClient.Response r = hub.postJson(path, m.body());
                if (r.ok()) return new Delivered();
                String error = "hub " + path + " answered " + r.status() + ": " + HubClient.excerpt(r.body());
                int s = r.status();
                boolean retriable = s >= 500 || s == 408 || s == 429 || s == 401 || s == 403;
                return retriable ? new Retry(error) : new Fail(error);
            } catch (IOException e) {
                return new Retry("hub unreachable: " + e);
            }
        };
    }
}
