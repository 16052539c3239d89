package org.reportonce.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls the hub the way python-threatexchange's {@code StopNCIIAPI} calls StopNCII: the same paths,
 * headers, query parameters and JSON bodies (built here field by field as that client builds them).
 */
final class StopNciiClient {

    private final HubHarness h;
    private final String subscriptionKey;
    private final String functionKey;

    StopNciiClient(HubHarness h, String subscriptionKey, String functionKey) {
        this.h = h;
        this.subscriptionKey = subscriptionKey;
        this.functionKey = functionKey;
    }

    /** {@code fetch_hashes(page_size=, start_timestamp=, next_page=)}: the token is sent only when non-empty. */
    HubHarness.Reply fetch(int pageSize, long startTimestamp, String nextPage) {
        StringBuilder q = new StringBuilder("/stopncii/v1/FetchHashes?startTimestamp=").append(startTimestamp).append("&pageSize=").append(pageSize);
        if (nextPage != null && !nextPage.isEmpty()) q.append("&nextPageToken=").append(URLEncoder.encode(nextPage, StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(h.uri(q.toString())).GET());
    }

    /** {@code fetch_hashes_iter(start_timestamp)}: pages until hasMoreRecords is false. */
    List<JsonNode> fetchAll(int pageSize, long startTimestamp) {
        List<JsonNode> pages = new ArrayList<>();
        String next = "";
        boolean more = true;
        while (more) {
            HubHarness.Reply r = fetch(pageSize, startTimestamp, next);
            if (r.status() != 200) throw new AssertionError("FetchHashes failed: " + r);
            pages.add(r.json());
            more = r.json().get("hasMoreRecords").asBoolean();
            next = r.json().get("nextPageToken").asText();
            if (pages.size() > 100_000) throw new AssertionError("paging does not end");
        }
        return pages;
    }

    /** {@code submit_hashes}: signalType is python's str(enum), e.g. "StopNCIISignalType.ImagePDQ". */
    HubHarness.Reply submitHashes(long now, List<Map<String, Object>> records) {
        ObjectNode body = HubHarness.JSON.createObjectNode();
        body.put("count", records.size());
        ArrayNode arr = body.putArray("hashRecords");
        for (Map<String, Object> r : records) {
            ObjectNode rec = arr.addObject();
            rec.put("lastModtimestamp", now);
            r.forEach((k, v) -> rec.set(k, HubHarness.JSON.valueToTree(v)));
        }
        return post("/stopncii/v1/SubmitHashes", body);
    }

    /** {@code submit_feedbacks}: count and hashFeedbacks[{tags, feedbackValue, hashValue}]. */
    HubHarness.Reply submitFeedback(List<String[]> valueTagsHash) {
        ObjectNode body = HubHarness.JSON.createObjectNode();
        body.put("count", valueTagsHash.size());
        ArrayNode arr = body.putArray("hashFeedbacks");
        for (String[] f : valueTagsHash) {
            ObjectNode o = arr.addObject();
            ArrayNode tags = o.putArray("tags");
            for (String t : f[1].isEmpty() ? new String[0] : f[1].split(",")) tags.add(t);
            o.put("feedbackValue", f[0]);
            o.put("hashValue", f[2]);
        }
        return post("/stopncii/v1/SubmitFeedback", body);
    }

    HubHarness.Reply post(String path, Object body) {
        try {
            String text = body instanceof String s ? s : HubHarness.JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(h.uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(text)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HubHarness.Reply send(HttpRequest.Builder b) {
        if (functionKey != null) b.header("x-functions-key", functionKey);
        if (subscriptionKey != null) b.header("Ocp-Apim-Subscription-Key", subscriptionKey);
        try {
            HttpResponse<String> r = HubHarness.HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = ct.contains("json") && !r.body().isEmpty() ? HubHarness.JSON.readTree(r.body()) : null;
            return new HubHarness.Reply(r.statusCode(), ct, r.body(), json, r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
