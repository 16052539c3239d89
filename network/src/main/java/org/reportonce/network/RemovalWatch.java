package org.reportonce.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Waits until the hub has evidence that a report's content is removed at every platform: each
 * platform's row for the report on its dashboard ({@code GET /v1/platform/dashboard}, under that
 * platform's key) has {@code removedAt}, which the hub sets once every copy the platform attested as
 * found is attested as removed. This is the hub's view — the regulator's evidence — not the
 * platforms' own logs, so the time it measures includes the attestation reaching the hub.
 */
public final class RemovalWatch {

    private RemovalWatch() {}

    /**
     * Polls every {@code interval} until each platform shows the report (found by one of its signal
     * ids) removed; calls {@code onRemoved} once per platform as it happens, with its dashboard row,
     * and returns the rows by platform.
     *
     * @throws TimeoutException naming the platforms still open, with their rows
     */
    public static Map<DemoPlatform, JsonNode> await(NetworkClient client, List<DemoPlatform> platforms, long signalId,
                                                    Duration timeout, Duration interval, BiConsumer<DemoPlatform, JsonNode> onRemoved)
            throws TimeoutException, InterruptedException {
        Map<DemoPlatform, JsonNode> done = new LinkedHashMap<>();
        Map<DemoPlatform, JsonNode> last = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (DemoPlatform p : platforms) {
                if (done.containsKey(p)) continue;
                JsonNode row = row(client.platformDashboard(p.apiKey()), signalId);
                last.put(p, row);
                if (row != null && !row.path("removedAt").isNull() && !row.path("removedAt").isMissingNode()) {
                    done.put(p, row);
                    if (onRemoved != null) onRemoved.accept(p, row);
                }
            }
            if (done.size() == platforms.size()) return done;
            if (System.nanoTime() > deadline) {
                StringBuilder sb = new StringBuilder("not removed everywhere within " + timeout + ":");
                for (DemoPlatform p : platforms) {
                    if (!done.containsKey(p)) sb.append(' ').append(p.name()).append('=').append(last.get(p));
                }
                throw new TimeoutException(sb.toString());
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** The dashboard's deadline row for the report holding {@code signalId}, or null. */
    public static JsonNode row(JsonNode dashboard, long signalId) {
        for (JsonNode row : dashboard.path("deadlines")) {
            for (JsonNode id : row.path("signalIds")) {
                if (id.asLong() == signalId) return row;
            }
        }
        return null;
    }
}
