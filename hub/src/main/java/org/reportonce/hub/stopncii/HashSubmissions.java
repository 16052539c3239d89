package org.reportonce.hub.stopncii;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.reportonce.hub.audit.AuditLog;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.cases.CaseService;
import org.reportonce.hub.compliance.FeedbackService;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.store.Database;
import org.reportonce.protocol.Declarations;
import org.reportonce.protocol.FeedbackRequest;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.Problem.FieldError;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalInput;
import org.reportonce.protocol.SignalType;

/**
 * SubmitHashes: a platform files hashes of content its users reported to it (the s.20A channel,
 * "report once, to any one platform"), each becoming a report exactly like {@code POST /v1/reports}
 * from a platform.
 *
 * <p><b>One case per record.</b> A StopNCII batch mixes hashes reported by different people; one case
 * per hash keeps each person's case, 48-hour clock and withdrawal their own. Each case gets a case
 * number and PIN, returned for the platform to pass to its user.
 *
 * <p><b>Declarations.</b> The law requires three declarations with every report (the content is
 * intimate image content; the reporter is the person shown or acts for them; the report is in good
 * faith and true), and StopNCII's record has no field for them. They come from, in this order: a
 * {@code declarations} object in the body (a ReportOnce extension; all three must be true), or the
 * platform's standing declarations recorded by the operator on the calling key when it was granted
 * SubmitHashes (the platform's named officer attests that its reporting flow collects them from every
 * user before it submits). Without either the call is refused; which one applied is in the audit log.
 *
 * <p><b>Other choices.</b> {@code lastModtimestamp} is taken as when the user reported (it starts the
 * clock; python-threatexchange sends the submission time, which only makes the clock start later).
 * A PDQ needs its quality ({@code quality}, a ReportOnce extension): the hub refuses PDQs below 50 and
 * cannot check a PDQ without it. The record's {@code CSPFeedbacks} are recorded as the platform's
 * feedback on the new signal. The batch is checked whole first and refused with every problem listed,
 * so it is never half-filed because of bad input.
 */
final class HashSubmissions {

    static final int MAX_RECORDS = 500;
    static final String ITEM_LABEL = "submitted through StopNCII SubmitHashes";
    private static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(60);

    private final Database db;
    private final Clock clock;
    private final CaseService cases;
    private final FeedbackService feedback;
    private final KeyGrants grants;

    HashSubmissions(Database db, Clock clock, CaseService cases, FeedbackService feedback, KeyGrants grants) {
        this.db = db;
        this.clock = clock;
        this.cases = cases;
        this.feedback = feedback;
        this.grants = grants;
    }

    private record Checked(SignalType type, String value, Integer quality, Instant reportedAt,
            List<Map.Entry<FeedbackValue, List<String>>> verdicts) {}

    SubmitHashesResponse submit(Caller.Authenticated platform, List<String> keyIds, SubmitHashesRequest body) {
        if (body == null) throw ApiException.invalid("body", "a JSON object with count and hashRecords is required");
        List<SubmitHashesRequest.Record> records = body.hashRecords();
        if (records == null || records.isEmpty()) {
            throw ApiException.invalid("hashRecords", "at least one record {signalType, hashValue, ...} is required");
        }
        if (records.size() > MAX_RECORDS) {
            throw ApiException.invalid("hashRecords", "at most " + MAX_RECORDS + " records per call, got " + records.size() + "; split the batch");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<FieldError> errors = new ArrayList<>();
        FeedbackSubmissions.checkCount(body.count(), records.size(), "hashRecords", errors);
        String declaredBy = declarations(body.declarations(), keyIds, errors);
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Checked c = check("hashRecords[" + i + "]", records.get(i), now, errors);
            if (c != null) checked.add(c);
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        if (declaredBy == null) {
            throw ApiException.unprocessable("SubmitHashes files a report for each hash, and a report needs the three declarations "
                    + "(intimateImage, personShownOrActing, goodFaithAndTrue). Send them as \"declarations\" in the body, or ask the "
                    + "hub operator to record your platform's standing declarations on this key (POST /v1/operator/keys/{keyId}/stopncii)",
                    List.of(new FieldError("declarations", "required: no declarations in the body and none on record for this key")));
        }
        refuseSuppressed(checked);

        List<SubmitHashesResponse.Filed> filed = new ArrayList<>();
        for (Checked c : checked) {
            ReportRequest report = new ReportRequest(new Declarations(true, true, true), c.reportedAt(),
                    List.of(new ReportRequest.Item(ITEM_LABEL, List.of(new SignalInput(c.type(), c.value(), c.quality())))), null);
            ReportResponse r = cases.createReport(platform, report);
            long signalId = r.signals().get(0).signalId();
            for (var v : c.verdicts()) {
                feedback.feedback(platform, new FeedbackRequest(signalId, v.getKey(), new LinkedHashSet<>(v.getValue())));
            }
            filed.add(new SubmitHashesResponse.Filed(c.value(), StopNciiSignalType.of(c.type()).orElseThrow(), signalId,
                    r.caseNumber(), r.pin(), r.reportedAt(), r.deadline()));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("cases", filed.stream().map(SubmitHashesResponse.Filed::caseNumber).toList());
        detail.put("declarations", declaredBy);
        db.write(h -> AuditLog.append(h, now, platform.auditName(), "stopncii.hashes_submitted", "member:" + platform.member().id(), detail));
        return new SubmitHashesResponse(filed.size(), filed);
    }

    /** Where the declarations come from (for the audit log), or null when there are none; errors for false ones. */
    private String declarations(Declarations inBody, List<String> keyIds, List<FieldError> errors) {
        if (inBody != null) {
            if (!inBody.intimateImage()) errors.add(new FieldError("declarations.intimateImage", "must be true: the content is intimate image content"));
            if (!inBody.personShownOrActing()) errors.add(new FieldError("declarations.personShownOrActing", "must be true: the reporter is the person shown or acts on their behalf"));
            if (!inBody.goodFaithAndTrue()) errors.add(new FieldError("declarations.goodFaithAndTrue", "must be true: the report is made in good faith and is true"));
            return "in the request body";
        }
        for (String id : keyIds) {
            Optional<KeyGrants.Grant> g = grants.of(id);
            if (g.isPresent() && g.get().declarationsAttestedBy() != null && g.get().endpoints().contains(Endpoint.SubmitHashes)) {
                return "standing declarations on key " + id + ", attested by " + g.get().declarationsAttestedBy()
                        + " (recorded " + g.get().grantedAt() + " by " + g.get().grantedBy() + ")";
            }
        }
        return null;
    }

    private static Checked check(String f, SubmitHashesRequest.Record r, Instant now, List<FieldError> errors) {
        if (r == null) {
            errors.add(new FieldError(f, "must be an object with signalType and hashValue"));
            return null;
        }
        int before = errors.size();
        Optional<StopNciiSignalType> named = StopNciiSignalType.parse(r.signalType());
        SignalType type = named.flatMap(StopNciiSignalType::ours).orElse(null);
        if (r.signalType() == null) {
            errors.add(new FieldError(f + ".signalType", "required: ImagePDQ or VideoMD5"));
        } else if (type == null) {
            errors.add(new FieldError(f + ".signalType", "must be ImagePDQ or VideoMD5, got '" + Verdicts.abbreviate(r.signalType()) + "'"
                    + (named.isPresent() ? "; this hub does not accept " + named.get() + " hashes" : "")));
        }
        String value = r.hashValue();
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(f + ".hashValue", "required: the hash as hexadecimal"));
        } else if (type != null) {
            if (value.length() != type.hexLength()) {
                errors.add(new FieldError(f + ".hashValue", "a " + named.get() + " value must be " + type.hexLength()
                        + " hex characters, got " + value.length()));
            } else {
                String bad = FeedbackSubmissions.hexError(value);
                if (bad != null) errors.add(new FieldError(f + ".hashValue", bad));
            }
        }
        if (type == SignalType.PDQ) {
            if (r.quality() == null) {
                errors.add(new FieldError(f + ".quality", "required for ImagePDQ (a ReportOnce extension to the StopNCII record): the "
                        + "PDQ quality 0 to 100; hashes below 50 are refused because they match unrelated images"));
            } else if (r.quality() < 0 || r.quality() > 100) {
                errors.add(new FieldError(f + ".quality", "must be 0 to 100, got " + r.quality()));
            } else if (r.quality() < 50) {
                errors.add(new FieldError(f + ".quality", "PDQ quality " + r.quality() + " is below the minimum of 50: the image "
                        + "has too little detail to match reliably"));
            }
        } else if (type == SignalType.MD5 && r.quality() != null) {
            errors.add(new FieldError(f + ".quality", "applies to ImagePDQ only; leave it out for VideoMD5"));
        }
        Instant reportedAt = now;
        if (r.lastModtimestamp() != null) {
            long ts = r.lastModtimestamp();
            if (ts < 0) {
                errors.add(new FieldError(f + ".lastModtimestamp", "must be unix seconds (>= 0), got " + ts));
            } else if (ts > now.plus(FUTURE_TOLERANCE).getEpochSecond()) {
                errors.add(new FieldError(f + ".lastModtimestamp", "must not be in the future: the hub's time is " + now.getEpochSecond()
                        + " (" + now + "), got " + ts));
            } else {
                reportedAt = Instant.ofEpochSecond(Math.min(ts, now.getEpochSecond()));
            }
        }
        List<Map.Entry<FeedbackValue, List<String>>> verdicts = new ArrayList<>();
        if (r.CSPFeedbacks() != null) {
            if (r.CSPFeedbacks().size() > 10) {
                errors.add(new FieldError(f + ".CSPFeedbacks", "at most 10 entries, got " + r.CSPFeedbacks().size()));
            } else {
                for (int j = 0; j < r.CSPFeedbacks().size(); j++) {
                    String g = f + ".CSPFeedbacks[" + j + "]";
                    SubmitHashesRequest.Feedback fb = r.CSPFeedbacks().get(j);
                    if (fb == null) {
                        errors.add(new FieldError(g, "must be an object with feedbackValue and tags"));
                        continue;
                    }
                    FeedbackValue v = Verdicts.value(g + ".feedbackValue", fb.feedbackValue(), errors);
                    List<String> tags = Verdicts.tags(g + ".tags", fb.tags(), errors);
                    if (v != null) verdicts.add(Map.entry(v, tags));
                }
            }
        }
        if (errors.size() > before) return null;
        return new Checked(type, value.toLowerCase(Locale.ROOT), r.quality(), reportedAt, verdicts);
    }

    /** Hashes an operator removed after a dispute are not filed again; refuse the batch naming them. */
    private void refuseSuppressed(List<Checked> checked) {
        List<FieldError> errors = new ArrayList<>();
        db.read(h -> {
            for (int i = 0; i < checked.size(); i++) {
                Checked c = checked.get(i);
                boolean suppressed = h.createQuery("SELECT COUNT(*) FROM signal WHERE signal_type = :t AND hash_value = :v AND suppressed_at IS NOT NULL")
                        .bind("t", c.type().wire()).bind("v", c.value()).mapTo(Integer.class).one() > 0;
                if (suppressed) {
                    errors.add(new FieldError("hashRecords[" + i + "].hashValue", "this hash was removed from distribution by the operator "
                            + "after review (dispute); it is not distributed again"));
                }
            }
            return null;
        });
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors.size() + " of the hashes cannot be filed; see errors. Nothing was filed", errors);
        }
    }
}
