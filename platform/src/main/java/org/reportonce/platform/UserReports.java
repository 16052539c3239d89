package org.reportonce.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.protocol.Problem;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalInput;
import org.reportonce.protocol.SignalType;

/**
 * Forwards a platform user's report to the hub's {@code POST /v1/reports} under the platform's key
 * (the hub records the platform as the source, and {@code reportedAt} as when the user reported).
 * Synchronous by design: only the hub can issue the case number and PIN the user must be shown, so
 * when the hub cannot be reached the caller is told the report was NOT filed.
 */
final class UserReports {

    /** The hub's answer, passed through (201 + ReportResponse, or the hub's problem). */
    record Forwarded(int status, String contentType, String body) {}

    private final HubClient hub;
    private final ImageFingerprinter fingerprinter;
    private final ObjectMapper json;
    private final PlatformMetrics metrics;
    private final long maxImageBytes;

    UserReports(HubClient hub, ImageFingerprinter fingerprinter, ObjectMapper json, PlatformMetrics metrics, long maxImageBytes) {
        this.hub = hub;
        this.fingerprinter = fingerprinter;
        this.json = json;
        this.metrics = metrics;
        this.maxImageBytes = maxImageBytes;
    }

    Forwarded forward(UserReport report) {
        ReportRequest req = toHub(report);
        HubClient.Response r;
        try {
            r = hub.postJson("/v1/reports", json.writeValueAsString(req));
        } catch (IOException e) {
            throw new PlatformException(503, "Hub unavailable",
                    "the report was NOT filed: the hub could not be reached (" + e.getMessage() + "); retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(503, "Hub unavailable", "the report was NOT filed: interrupted");
        }
        if (r.status() >= 500) {
            throw new PlatformException(502, "Hub error", "the report was NOT filed: the hub answered " + r.status()
                    + ": " + HubClient.excerpt(r.body()));
        }
        if (r.ok()) metrics.userReports.increment();
        String ct = r.contentType().isEmpty() ? "application/json" : r.contentType();
        return new Forwarded(r.status(), ct, r.body());
    }

    /** Library form: the hub's response, or a PlatformException carrying the hub's problem. */
    ReportResponse file(UserReport report) {
        Forwarded f = forward(report);
        try {
            if (f.status() == 201 || f.status() == 200) return json.readValue(f.body(), ReportResponse.class);
            Problem p = json.readValue(f.body(), Problem.class);
            throw new PlatformException(f.status(), p.title() == null ? "Refused by the hub" : p.title(),
                    p.detail() == null ? f.body() : p.detail());
        } catch (JsonProcessingException e) {
            throw new PlatformException(502, "Hub error", "the hub answered " + f.status() + " with an unreadable body: "
                    + HubClient.excerpt(f.body()));
        }
    }

    private ReportRequest toHub(UserReport report) {
        if (report.declarations() == null) {
            throw PlatformException.badRequest("field 'declarations' is required: {intimateImage, personShownOrActing, "
                    + "goodFaithAndTrue}, all true, as the user declared them");
        }
        if (!report.declarations().allMade()) {
            throw PlatformException.badRequest("all three declarations must be true (intimateImage, personShownOrActing, "
                    + "goodFaithAndTrue); a report without them cannot be filed");
        }
        if (report.items() == null || report.items().isEmpty()) {
            throw PlatformException.badRequest("field 'items' is required: one entry per reported image or video, "
                    + "each with 'signals' or 'imageBase64'");
        }
        if (report.items().size() > 100) {
            throw PlatformException.badRequest("at most 100 items per report, got " + report.items().size());
        }
        List<ReportRequest.Item> items = new ArrayList<>();
        for (int i = 0; i < report.items().size(); i++) {
            UserReport.Item it = report.items().get(i);
            if (it == null) throw PlatformException.badRequest("items[" + i + "] is null");
            List<SignalInput> signals = new ArrayList<>();
            if (it.signals() != null) signals.addAll(it.signals());
            if (it.imageBase64() != null && !it.imageBase64().isBlank()) {
                byte[] bytes;
                try {
                    bytes = Base64.getMimeDecoder().decode(it.imageBase64());
                } catch (IllegalArgumentException e) {
                    throw PlatformException.badRequest("items[" + i + "].imageBase64 is not valid base64: " + e.getMessage());
                }
                if (bytes.length == 0) throw PlatformException.badRequest("items[" + i + "].imageBase64 is empty");
                if (bytes.length > maxImageBytes) {
                    throw new PlatformException(413, "Content too large", "items[" + i + "].imageBase64 decodes to "
                            + bytes.length + " bytes; at most " + maxImageBytes);
                }
                ImageFingerprinter.Fingerprint fp = fingerprinter.fingerprint(bytes);
                // the whole signal set, so edited copies (crops, small turns) are found too; the
                // hub stores it as one item with one 48-hour clock
                for (PdqHash h : fingerprinter.reportSignalSet(bytes)) {
                    signals.add(new SignalInput(SignalType.PDQ, h.hash().toHex(), h.quality()));
                }
                signals.add(new SignalInput(SignalType.MD5, fp.md5(), null));
                signals.add(new SignalInput(SignalType.SHA256, fp.sha256(), null));
            }
            if (signals.isEmpty()) {
                throw PlatformException.badRequest("items[" + i + "] needs 'signals' (hashes) or 'imageBase64' (the bytes to hash)");
            }
            items.add(new ReportRequest.Item(it.label(), signals));
        }
        return new ReportRequest(report.declarations(), report.reportedAt(), items, report.contentReference());
    }
}
