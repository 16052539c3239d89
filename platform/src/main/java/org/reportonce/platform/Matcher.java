package org.reportonce.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.reportonce.hashing.Hash256;
import org.reportonce.index.HammingIndex;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;

/**
 * The matcher as a Java library: what the HTTP API calls, and what a platform that embeds the
 * matcher calls directly ({@link Platform#matcher()}). Thread-safe; a match request reads only the
 * in-memory indexes and, for hits, the bank's rows, so any number of threads (and instances) can
 * serve at once while sync updates the indexes in place.
 */
public final class Matcher {

    private final PlatformConfig config;
    private final SignalBank bank;
    private final ContentStore content;
    private final Takedowns takedowns;
    private final ImageFingerprinter fingerprinter;
    private final PlatformMetrics metrics;
    private final Database db;
    private final Clock clock;
    private final Runnable wakeOutbox;

    Matcher(PlatformConfig config, SignalBank bank, ContentStore content, Takedowns takedowns,
            ImageFingerprinter fingerprinter, PlatformMetrics metrics, Database db, Clock clock, Runnable wakeOutbox) {
        this.config = config;
        this.bank = bank;
        this.content = content;
        this.takedowns = takedowns;
        this.fingerprinter = fingerprinter;
        this.metrics = metrics;
        this.db = db;
        this.clock = clock;
        this.wakeOutbox = wakeOutbox;
    }

    /**
     * Hashes image (or other file) bytes — the 8 dihedral PDQ hashes with the canonical PDQ, MD5 and
     * SHA-256 — and matches them. Bytes that are not a decodable image are matched by digest only
     * (a note says why).
     */
    public MatchResult matchImage(byte[] bytes, MatchOptions options) {
        long t0 = System.nanoTime();
        metrics.matchRequestsBytes.increment();
        ImageFingerprinter.Fingerprint fp = fingerprint(bytes);
        List<QueryHash> hashes = queryHashes(fp);
        List<String> notes = fp.notImage() == null ? List.of()
                : List.of("not matched by PDQ: " + fp.notImage() + "; matched by MD5/SHA-256 only");
        MatchResult r = run(hashes, options, notes, fp);
        metrics.matchTimer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        return r;
    }

    /** Matches hashes the platform computed itself. */
    public MatchResult matchHashes(List<QueryHash> hashes, MatchOptions options) {
        long t0 = System.nanoTime();
        metrics.matchRequestsHashes.increment();
        if (hashes == null || hashes.isEmpty()) {
            throw PlatformException.badRequest("at least one hash is required (pdq with quality, md5 or sha256)");
        }
        if (hashes.size() > 64) {
            throw PlatformException.badRequest("at most 64 hashes per request, got " + hashes.size());
        }
        if (options.register()) {
            throw PlatformException.badRequest("register=true is supported with image bytes; register hashes with "
                    + "POST /v1/content (Matcher.register)");
        }
        MatchResult r = run(hashes, options, List.of(), null);
        metrics.matchTimer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        return r;
    }

    private MatchResult run(List<QueryHash> hashes, MatchOptions options, List<String> notes,
                            ImageFingerprinter.Fingerprint fp) {
        int threshold = options.threshold() == null ? config.pdqThreshold() : options.threshold();
        if (options.register() && fp != null) {
            // register before searching the bank: see SignalBank on why this order finds every pair
            content.register(List.of(registrationOf(options.contentReference(), fp, config.qualityFloor())));
        }
        List<MatchResult.Ignored> ignored = new ArrayList<>();
        List<SignalMatch> matches = find(hashes, threshold, ignored);
        if (options.contentReference() != null && !matches.isEmpty()) {
            matches = recordTakedowns(options.contentReference(), matches, Takedowns.Source.UPLOAD);
        }
        return new MatchResult(!matches.isEmpty(), matches, hashes, ignored, notes);
    }

    /** The signals the hashes match (quality floor applied), nearest first, one entry per signal. */
    List<SignalMatch> find(List<QueryHash> hashes, int threshold, List<MatchResult.Ignored> ignored) {
        List<Hash256> pdq = new ArrayList<>();
        List<QueryHash> pdqSource = new ArrayList<>();
        Map<Long, QueryHash> exactHits = new LinkedHashMap<>();
        for (QueryHash h : hashes) {
            if (h.type() == SignalType.PDQ) {
                if (h.quality() < config.qualityFloor()) {
                    ignored.add(new MatchResult.Ignored(h, "PDQ quality " + h.quality() + " is below the floor "
                            + config.qualityFloor() + ": too little detail for a reliable match"));
                    continue;
                }
                pdq.add(Hash256.fromHex(h.value()));
                pdqSource.add(h);
            } else {
                Long id = bank.exactSignal(h.type(), h.value());
                if (id != null) exactHits.putIfAbsent(id, h);
            }
        }
        Map<Long, HammingIndex.Match> pdqHits = new HashMap<>();
        if (!pdq.isEmpty()) {
            List<HammingIndex.Match> found = pdq.size() == 1
                    ? bank.pdqIndex().radius(pdq.get(0), threshold)
                    : bank.pdqIndex().radiusAny(pdq, threshold);
            for (HammingIndex.Match m : found) pdqHits.merge(m.id(), m, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        if (pdqHits.isEmpty() && exactHits.isEmpty()) return List.of();
        List<Long> ids = new ArrayList<>(pdqHits.keySet());
        ids.addAll(exactHits.keySet());
        Map<Long, SignalInfo> infos = bank.lookup(ids);
        List<SignalMatch> out = new ArrayList<>();
        for (HammingIndex.Match m : pdqHits.values()) {
            SignalInfo s = infos.get(m.id());
            if (s == null || s.status() != SignalStatus.ACTIVE) continue; // not yet committed, or just withdrawn
            QueryHash q = pdqSource.get(m.queryIndex());
            out.add(new SignalMatch(s.signalId(), s.type(), s.value(), m.distance(), q.variant(), s.status(),
                    s.reportedAt(), s.deadline(), q.value(), null));
        }
        for (Map.Entry<Long, QueryHash> e : exactHits.entrySet()) {
            SignalInfo s = infos.get(e.getKey());
            if (s == null || s.status() != SignalStatus.ACTIVE) continue;
            out.add(new SignalMatch(s.signalId(), s.type(), s.value(), 0, null, s.status(), s.reportedAt(),
                    s.deadline(), e.getValue().value(), null));
        }
        out.sort(Comparator.comparingInt(SignalMatch::distance).thenComparingLong(SignalMatch::signalId));
        return out;
    }

    private List<SignalMatch> recordTakedowns(String contentReference, List<SignalMatch> matches, Takedowns.Source source) {
        Instant now = clock.instant();
        List<SignalMatch> out = new ArrayList<>(matches.size());
        Map<Long, SignalInfo> infos = bank.lookup(matches.stream().map(SignalMatch::signalId).toList());
        db.jdbi.useTransaction(h -> {
            for (SignalMatch m : matches) {
                SignalInfo s = infos.get(m.signalId());
                var r = takedowns.record(h, new Takedowns.Found(s, contentReference, m.distance(), m.variant(), source), now);
                if (r.created()) {
                    (source == Takedowns.Source.UPLOAD ? metrics.uploadMatches : metrics.storedMatches).increment();
                }
                out.add(m.withTakedown(r.id()));
            }
        });
        wakeOutbox.run();
        return out;
    }

    /**
     * Registers content the platform hosts (bulk or one by one as it ingests). Each item is also
     * checked against the signals already in the bank; every hit becomes a takedown.
     */
    public RegistrationResult register(List<ContentRegistration> items) {
        if (items == null || items.isEmpty()) {
            throw PlatformException.badRequest("at least one content item is required");
        }
        if (items.size() > 10_000) {
            throw PlatformException.badRequest("at most 10000 items per registration call, got " + items.size());
        }
        content.register(items);
        List<RegistrationResult.ContentMatch> all = new ArrayList<>();
        for (ContentRegistration item : items) {
            List<SignalMatch> found = find(queryHashes(item), config.pdqThreshold(), new ArrayList<>());
            if (found.isEmpty()) continue;
            for (SignalMatch m : recordTakedowns(item.contentReference(), found, Takedowns.Source.STORED)) {
                all.add(new RegistrationResult.ContentMatch(item.contentReference(), m));
            }
        }
        return new RegistrationResult(items.size(), all);
    }

    /** Hashes the bytes and registers them under {@code contentReference}. */
    public RegistrationResult registerImage(String contentReference, byte[] bytes) {
        ImageFingerprinter.Fingerprint fp = fingerprint(bytes);
        ContentRegistration reg;
        try {
            reg = registrationOf(contentReference, fp, config.qualityFloor());
        } catch (IllegalArgumentException e) {
            throw PlatformException.badRequest(e.getMessage());
        }
        return register(List.of(reg));
    }

    /** Forgets stored content the platform deleted; false when it was not registered. */
    public boolean unregister(String contentReference) {
        return content.unregister(contentReference);
    }

    /** The platform's decision on a takedown (Blocked with the removal time, or NotBlocked). */
    public Takedown confirm(String takedownId, FeedbackValue decision, Instant removedAt, Set<String> tags) {
        Takedown t = takedowns.confirm(takedownId, decision, removedAt, tags);
        wakeOutbox.run();
        return t;
    }

    public Takedown takedown(String id) {
        return takedowns.get(id);
    }

    /** Takedowns newest first, optionally filtered by state (FOUND, BLOCKED, ...) and webhook delivery state (DEAD, ...). */
    public List<Takedown> takedowns(String state, String webhookState, int limit) {
        return takedowns.list(state, webhookState, Math.max(1, Math.min(limit, 1000)));
    }

    /** The hashes a platform would look up for these bytes (8 dihedral PDQ + MD5 + SHA-256). */
    public List<QueryHash> hash(byte[] bytes) {
        return queryHashes(fingerprint(bytes));
    }

    private ImageFingerprinter.Fingerprint fingerprint(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw PlatformException.badRequest("the request body is empty: send the image bytes");
        }
        return fingerprinter.fingerprint(bytes);
    }

    private static List<QueryHash> queryHashes(ImageFingerprinter.Fingerprint fp) {
        List<QueryHash> out = new ArrayList<>(fp.pdq().size() + 2);
        for (ImageFingerprinter.Member m : fp.pdq()) {
            out.add(QueryHash.pdq(m.hash().toHex(), m.quality(), m.label()));
        }
        out.add(QueryHash.md5(fp.md5()));
        out.add(QueryHash.sha256(fp.sha256()));
        return out;
    }

    private static List<QueryHash> queryHashes(ContentRegistration r) {
        List<QueryHash> out = new ArrayList<>(10);
        List<Hash256> bySlot = r.pdqHashesBySlot();
        for (int slot = 0; slot < bySlot.size(); slot++) {
            if (bySlot.get(slot) != null) out.add(QueryHash.pdq(bySlot.get(slot).toHex(), r.quality(), Variants.name(slot)));
        }
        if (r.md5() != null) out.add(QueryHash.md5(r.md5()));
        if (r.sha256() != null) out.add(QueryHash.sha256(r.sha256()));
        return out;
    }

    /** What is registered for stored content of this fingerprint; area look-ups under {@code qualityFloor} are left out. */
    static ContentRegistration registrationOf(String contentReference, ImageFingerprinter.Fingerprint fp, int qualityFloor) {
        if (fp.pdq().isEmpty()) {
            return new ContentRegistration(contentReference, null, null, null, fp.md5(), fp.sha256(), null, null);
        }
        List<String> dihedral = fp.pdq().subList(0, 8).stream().map(m -> m.hash().toHex()).toList();
        List<String> trimmed = fp.pdq().size() >= 16 && fp.pdq().get(8).label().startsWith(Variants.TRIM)
                ? fp.pdq().subList(8, 16).stream().map(m -> m.hash().toHex()).toList() : null;
        // the area look-ups by name; one below the quality floor could only ever match by chance
        Map<String, ImageFingerprinter.Member> byLabel = new HashMap<>();
        for (ImageFingerprinter.Member m : fp.pdq()) byLabel.put(m.label(), m);
        List<String> areas = new ArrayList<>(Variants.AREA_NAMES.size());
        for (String name : Variants.AREA_NAMES) {
            ImageFingerprinter.Member m = byLabel.get(name);
            areas.add(m == null || m.quality() < qualityFloor ? null : m.hash().toHex());
        }
        return new ContentRegistration(contentReference, null, fp.orig().quality(), dihedral, fp.md5(), fp.sha256(),
                trimmed, areas.stream().allMatch(Objects::isNull) ? null : areas);
    }
}
