package org.reportonce.hub.cases;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.reportonce.hub.Role;
import org.reportonce.hub.audit.AuditLog;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.auth.PinPool;
import org.reportonce.hub.auth.Pins;
import org.reportonce.hub.auth.RateLimiter;
import org.reportonce.hub.compliance.Deadlines;
import org.reportonce.hub.compliance.Deadlines.CaseRef;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.signals.SignalLog;
import org.reportonce.hub.signals.SignalLog.Snapshot;
import org.reportonce.hub.signals.SignalNotifier;
import org.reportonce.hub.signals.Signals;
import org.reportonce.hub.store.Database;
import org.reportonce.hub.store.GroupCommit;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.ReportResponse.AcceptedSignal;
import org.reportonce.protocol.ReportResponse.RefusedSignal;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;

/**
 * Cases: filing a report, a case holder's status and withdrawal, PIN checks with lockout.
 *
 * <p>A report is one transaction: the case, its items, its signals (created or linked, locked in
 * (type, value) order), one signal change per signal, and the audit entry — committed before the
 * hub answers 201, so an accepted report survives a crash right after the answer. Every signal of a
 * new case gets a fresh change even if platforms already hold it: the case's {@code distributed_seq}
 * is then a seq no platform can have been sent before the case existed, which makes "delivered to
 * platform P" simply "P has been sent distributed_seq".
 */
public final class CaseService implements AutoCloseable {

    /** Report transactions committing at once, and reports per transaction (see GroupCommit). */
    static final int REPORT_COMMITTERS = 2;
    static final int REPORT_BATCH = 64;

    private final Database db;
    private final Clock clock;
    private final SecureRandom random;
    private final Pins pins;
    private final PinPool pinPool;
    private final GroupCommit reportCommits;
    private final SignalNotifier notifier;
    private final RateLimiter pinLimiter;
    private final int pinAttempts;
    private final Duration pinLockout;
    private final Duration atRiskWindow;

    public CaseService(Database db, Clock clock, SecureRandom random, SignalNotifier notifier, int pinAttempts,
            Duration pinLockout, int pinChecksPerIpMinute, Duration atRiskWindow, int pinHashMemoryKib, int pinPoolSize, int pinPoolPrefill) {
        this.db = db;
        this.clock = clock;
        this.random = random;
        this.pins = new Pins(random, pinHashMemoryKib);
        this.pinPool = new PinPool(pins, pinPoolSize, pinPoolPrefill);
        this.reportCommits = new GroupCommit(db, "reports", REPORT_COMMITTERS, REPORT_BATCH);
        this.notifier = notifier;
        // transport protection: real time, not the domain clock tests move
        this.pinLimiter = new RateLimiter(Clock.systemUTC(), pinChecksPerIpMinute, 60_000);
        this.pinAttempts = pinAttempts;
        this.pinLockout = pinLockout;
        this.atRiskWindow = atRiskWindow;
    }

    /** Files a report; the PIN in the answer is shown once. */
    public ReportResponse createReport(Caller caller, ReportRequest request) {
        Instant now = now();
        ReportValidator.ValidReport report = ReportValidator.validate(request, now);
        if (report.accepted().isEmpty()) {
            throw ApiException.unprocessable("no signal in the report can be used: " + reasons(report.refused()), null);
        }
        String source;
        String sourceMember = null;
        if (caller instanceof Caller.Authenticated a) {
            source = a.role() == Role.PLATFORM ? "platform" : "support_service";
            sourceMember = a.member().id();
        } else {
            source = "portal";
        }
        PinPool.Pair pinPair = pinPool.take();
        String pin = pinPair.pin();
        String pinHash = pinPair.hash();
        long reportedAt = report.reportedAt().toEpochMilli();
        String src = source;
        String srcMember = sourceMember;
        // group commit: many reports share one transaction's locks and disk flush (see GroupCommit)
        Created created = reportCommits.submit(h -> {
            List<RefusedSignal> refused = new ArrayList<>(report.refused());
            CaseNumber number = uniqueCaseNumber(h);
            long caseId = h.createUpdate("INSERT INTO report_case (case_number, pin_hash, source, source_member_id, content_reference, "
                            + "status, reported_at, received_at, distributed_seq) "
                            + "VALUES (:n, :p, :s, :m, :ref, 'received', :r, :now, 0)")
                    .bind("n", number.value()).bind("p", pinHash).bind("s", src).bind("m", srcMember)
                    .bind("ref", report.contentReference()).bind("r", reportedAt).bind("now", now.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            for (ReportValidator.ValidItem item : report.items()) {
                h.createUpdate("INSERT INTO case_item (case_id, item_index, label) VALUES (:c, :i, :l)")
                        .bind("c", caseId).bind("i", item.index()).bind("l", item.label()).execute();
            }
            // One lock per distinct (type, value), taken in sorted order so overlapping reports cannot deadlock.
            TreeMap<String, List<ReportValidator.ValidSignal>> byKey = new TreeMap<>();
            for (ReportValidator.ValidSignal s : report.accepted()) {
                byKey.computeIfAbsent(s.type().wire() + ":" + s.value(), k -> new ArrayList<>()).add(s);
            }
            List<AcceptedSignal> accepted = new ArrayList<>();
            List<Long> signalIds = new ArrayList<>();
            for (List<ReportValidator.ValidSignal> same : byKey.values()) {
                ReportValidator.ValidSignal first = same.get(0);
                Signals.Locked sig = Signals.lockOrCreate(h, first.type(), first.value(), first.quality(), reportedAt, now.toEpochMilli());
                if (sig.suppressed()) {
                    for (ReportValidator.ValidSignal s : same) {
                        refused.add(new RefusedSignal(s.item(), s.type(), s.value(),
                                "this hash was removed from distribution by the operator after review (dispute); it is not distributed again"));
                    }
                    continue;
                }
                signalIds.add(sig.id());
                java.util.Set<Integer> linkedItems = new java.util.HashSet<>();
                for (ReportValidator.ValidSignal s : same) {
                    if (linkedItems.add(s.item())) {
                        h.createUpdate("INSERT INTO case_signal (case_id, item_index, signal_id) VALUES (:c, :i, :s)")
                                .bind("c", caseId).bind("i", s.item()).bind("s", sig.id()).execute();
                    }
                    accepted.add(new AcceptedSignal(s.item(), sig.id(), s.type(), s.value()));
                }
            }
            if (signalIds.isEmpty()) {
                throw ApiException.unprocessable("no signal in the report can be used: " + reasons(refused), null);
            }
            List<Snapshot> snapshots = new ArrayList<>();
            for (long id : signalIds) snapshots.add(Signals.refresh(h, id));
            long[] seqs = SignalLog.append(h, snapshots, now);
            long distributed = seqs[seqs.length - 1];
            h.createUpdate("UPDATE report_case SET distributed_seq = :d WHERE id = :id").bind("d", distributed).bind("id", caseId).execute();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("source", src);
            detail.put("reportedAt", report.reportedAt().toString());
            detail.put("signals", signalIds);
            detail.put("seqs", seqs[0] + ".." + distributed);
            detail.put("refused", refused.size());
            AuditLog.append(h, now, caller.auditName(), "report.created", "case:" + caseId, detail);
            accepted.sort(java.util.Comparator.comparingInt(AcceptedSignal::item));
            return new Created(number, accepted, refused, distributed);
        });
        notifier.published(created.distributedSeq());
        return new ReportResponse(created.number().toString(), pin, "received", report.reportedAt(),
                report.reportedAt().plus(SignalLog.DEADLINE), created.accepted(), created.refused());
    }

    private record Created(CaseNumber number, List<AcceptedSignal> accepted, List<RefusedSignal> refused, long distributedSeq) {}

    private CaseNumber uniqueCaseNumber(Handle h) {
        for (int i = 0; i < 10; i++) {
            CaseNumber n = CaseNumber.random(random);
            boolean taken = h.createQuery("SELECT COUNT(*) FROM report_case WHERE case_number = :n")
                    .bind("n", n.value()).mapTo(Integer.class).one() > 0;
            if (!taken) return n;
        }
        throw new IllegalStateException("could not draw an unused case number in 10 tries");
    }

    private static String reasons(List<RefusedSignal> refused) {
        return refused.stream().map(RefusedSignal::reason).distinct().reduce((a, b) -> a + "; " + b).orElse("none given");
    }

    /** The case holder's view, after checking number and PIN. */
    public CaseStatus status(String caseNumber, String pin, String ip) {
        long caseId = authenticate(caseNumber, pin, ip);
        return db.read(h -> statusOf(h, caseId));
    }

    /**
     * Withdraws a case (idempotent). Every signal no longer backed by a received or active case becomes
     * a DELETED change; a signal still backed elsewhere gets a new change only if its report time moved.
     */
    public CaseStatus withdraw(String caseNumber, String pin, String ip) {
        long caseId = authenticate(caseNumber, pin, ip);
        Instant now = now();
        long published = db.write(h -> {
            String status = h.createQuery("SELECT status FROM report_case WHERE id = :id FOR UPDATE")
                    .bind("id", caseId).mapTo(String.class).one();
            if ("withdrawn".equals(status) || "deleted".equals(status)) return 0L;
            h.createUpdate("UPDATE report_case SET status = 'withdrawn', closed_at = :t WHERE id = :id")
                    .bind("t", now.toEpochMilli()).bind("id", caseId).execute();
            List<Snapshot> changes = refreshSignalsOf(h, caseId);
            long[] seqs = SignalLog.append(h, changes, now);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("deleted", changes.stream().filter(s -> s.status() == SignalStatus.DELETED).map(Snapshot::signalId).toList());
            detail.put("changed", changes.stream().map(Snapshot::signalId).toList());
            AuditLog.append(h, now, "case-holder", "case.withdrawn", "case:" + caseId, detail);
            return seqs.length == 0 ? 0L : seqs[seqs.length - 1];
        });
        if (published > 0) notifier.published(published);
        return db.read(h -> statusOf(h, caseId));
    }

    /**
     * Re-evaluates every signal of a case whose state may have changed (the case just closed) and returns
     * the snapshots that differ from what platforms were last sent.
     */
    public static List<Snapshot> refreshSignalsOf(Handle h, long caseId) {
        List<Object[]> signals = h.createQuery("SELECT DISTINCT s.id, s.signal_type, s.hash_value, s.status, s.reported_at FROM case_signal cs "
                        + "JOIN signal s ON s.id = cs.signal_id WHERE cs.case_id = :c ORDER BY s.signal_type, s.hash_value")
                .bind("c", caseId)
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(4), rs.getLong(5)})
                .list();
        List<Snapshot> changes = new ArrayList<>();
        for (Object[] s : signals) {
            long id = (Long) s[0];
            Signals.lock(h, id);
            Snapshot snap = Signals.refresh(h, id);
            if (!snap.status().name().equals(s[1]) || snap.reportedAtMs() != (Long) s[2]) changes.add(snap);
        }
        return changes;
    }

    /** Checks the per-IP limit, the case lock and the PIN; returns the case id or throws 400/401/429. */
    long authenticate(String caseNumber, String pin, String ip) {
        long wait = pinLimiter.tryAcquire(ip == null ? "?" : ip);
        if (wait > 0) throw ApiException.tooManyRequests("too many case checks from this address; try again in "
                + Math.max(1, wait / 1000) + " s", wait);
        List<org.reportonce.protocol.Problem.FieldError> errors = new ArrayList<>();
        CaseNumber number = null;
        try {
            number = CaseNumber.parse(caseNumber);
        } catch (IllegalArgumentException e) {
            errors.add(new org.reportonce.protocol.Problem.FieldError("caseNumber", e.getMessage()));
        }
        if (pin == null || pin.isBlank()) {
            errors.add(new org.reportonce.protocol.Problem.FieldError("pin", "required: the PIN given with the case number"));
        } else if (pin.length() > 64) {
            errors.add(new org.reportonce.protocol.Problem.FieldError("pin", "is too long: a PIN has 8 characters, like AB3D-7KPQ"));
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        String value = number.value();
        var row = db.read(h -> h.createQuery("SELECT id, pin_hash, locked_until FROM report_case WHERE case_number = :n")
                .bind("n", value)
                .map((rs, ctx) -> {
                    long lu = rs.getLong(3);
                    return new Object[] {rs.getLong(1), rs.getString(2), rs.wasNull() ? null : lu};
                }).findOne());
        String wrong = "the case number or PIN is not right";
        if (row.isEmpty()) throw ApiException.unauthorized(wrong);
        long id = (Long) row.get()[0];
        Long lockedUntil = (Long) row.get()[2];
        Instant now = now();
        if (lockedUntil != null && lockedUntil > now.toEpochMilli()) {
            throw locked(lockedUntil, now);
        }
        if (Pins.verify(pin, (String) row.get()[1])) {
            db.write(h -> h.createUpdate("UPDATE report_case SET failed_pins = 0, locked_until = NULL WHERE id = :id AND failed_pins > 0")
                    .bind("id", id).execute());
            return id;
        }
        Long nowLocked = db.write(h -> {
            int failed = h.createQuery("SELECT failed_pins FROM report_case WHERE id = :id FOR UPDATE").bind("id", id).mapTo(Integer.class).one() + 1;
            Long until = null;
            if (failed >= pinAttempts) {
                until = now.plus(pinLockout).toEpochMilli();
                h.createUpdate("UPDATE report_case SET failed_pins = 0, locked_until = :u WHERE id = :id").bind("u", until).bind("id", id).execute();
                AuditLog.append(h, now, "case-holder", "case.locked", "case:" + id, Map.of("until", Instant.ofEpochMilli(until).toString()));
            } else {
                h.createUpdate("UPDATE report_case SET failed_pins = :f WHERE id = :id").bind("f", failed).bind("id", id).execute();
                AuditLog.append(h, now, "case-holder", "case.pin_failed", "case:" + id, Map.of("failed", failed));
            }
            return until;
        });
        if (nowLocked != null) throw locked(nowLocked, now);
        throw ApiException.unauthorized(wrong);
    }

    private static ApiException locked(long until, Instant now) {
        return ApiException.tooManyRequests("this case is locked after too many wrong PINs until "
                + Instant.ofEpochMilli(until) + "; try again later", until - now.toEpochMilli());
    }

    /** Status of a case as its holder (or the support service that filed it) sees it. */
    public CaseStatus statusOf(Handle h, long caseId) {
        CaseRef c = h.createQuery("SELECT " + Deadlines.CASE_COLUMNS + " FROM report_case c WHERE c.id = :id")
                .bind("id", caseId).map((rs, ctx) -> Deadlines.mapCase(rs)).one();
        return statusOf(h, List.of(c)).get(0);
    }

    /** Statuses of several cases, evaluated together. */
    public List<CaseStatus> statusOf(Handle h, List<CaseRef> cases) {
        if (cases.isEmpty()) return List.of();
        Instant now = now();
        var platforms = Deadlines.platforms(h, null);
        var rows = Deadlines.byCase(Deadlines.evaluate(h, cases, platforms, now, atRiskWindow));
        List<Long> ids = cases.stream().map(CaseRef::id).toList();
        Map<Long, Map<Integer, CaseStatus.Item>> items = new LinkedHashMap<>();
        h.createQuery("SELECT case_id, item_index, label FROM case_item WHERE case_id IN (<ids>) ORDER BY case_id, item_index")
                .bindList("ids", ids)
                .map((rs, ctx) -> items.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                        .put(rs.getInt(2), new CaseStatus.Item(rs.getInt(2), rs.getString(3), new ArrayList<>())))
                .list();
        h.createQuery("SELECT cs.case_id, cs.item_index, s.id, s.signal_type, s.status FROM case_signal cs JOIN signal s ON s.id = cs.signal_id "
                        + "WHERE cs.case_id IN (<ids>) ORDER BY cs.case_id, cs.item_index, s.id")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    var item = items.getOrDefault(rs.getLong(1), Map.of()).get(rs.getInt(2));
                    if (item != null) {
                        item.signals().add(new CaseStatus.Signal(rs.getLong(3), SignalType.fromWire(rs.getString(4)),
                                rs.getString(5).toLowerCase(java.util.Locale.ROOT)));
                    }
                    return 0;
                })
                .list();
        List<CaseStatus> out = new ArrayList<>();
        for (CaseRef c : cases) {
            List<CaseStatus.PlatformRow> prs = new ArrayList<>();
            for (Deadlines.Row r : rows.getOrDefault(c.id(), List.of())) {
                var e = r.eval();
                prs.add(new CaseStatus.PlatformRow(r.platform().displayName(), e.deliveredAt(), e.matchedAt(), e.removedAt(),
                        e.matches(), e.deadline(), e.state().wire(), e.outcome()));
            }
            Instant reported = Instant.ofEpochMilli(c.reportedAt());
            out.add(new CaseStatus(CaseNumber.parse(c.caseNumber()).toString(), c.status(), c.source(), reported,
                    Instant.ofEpochMilli(c.receivedAt()), reported.plus(SignalLog.DEADLINE),
                    c.closedAt() == null ? null : Instant.ofEpochMilli(c.closedAt()),
                    List.copyOf(items.getOrDefault(c.id(), Map.of()).values()), prs));
        }
        return out;
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public int pinPoolReady() {
        return pinPool.ready();
    }

    /** Stops the PIN pool's filler and commits what is queued. */
    @Override
    public void close() {
        reportCommits.close();
        pinPool.close();
    }
}
