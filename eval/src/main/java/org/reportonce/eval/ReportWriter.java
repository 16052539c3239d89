package org.reportonce.eval;

import java.util.List;
import java.util.Locale;

/** The run's figures as a text table and as JSON (written by hand: the module needs no JSON library). */
public final class ReportWriter {
    private ReportWriter() {}

    public static String table(EvalResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d originals x %d edits (seed %d, uploads re-encoded as JPEG q%d)%n",
                r.originals(), r.editsPerOriginal(), r.seed(), r.uploadQuality()));
        sb.append(String.format(Locale.ROOT, "%-22s %7s", "recall by edit kind", "copies"));
        for (EvalResult.DetectorResult d : r.detectors()) {
            sb.append(String.format(Locale.ROOT, " %18s", d.name() + " <=" + d.threshold()));
        }
        sb.append('\n');
        EvalResult.DetectorResult first = r.detectors().get(0);
        for (EditKind kind : first.editDistances().keySet()) {
            sb.append(String.format(Locale.ROOT, "%-22s %7d", kind.wireName(), first.editCount(kind)));
            for (EvalResult.DetectorResult d : r.detectors()) {
                sb.append(String.format(Locale.ROOT, " %17.1f%%", 100 * d.recall(kind, d.threshold())));
            }
            sb.append('\n');
        }
        row(sb, "ALL EDITS", r, d -> String.format(Locale.ROOT, "%17.1f%%", 100 * d.recall(d.threshold())));
        row(sb, "false, distinct pairs", r, d -> String.format(Locale.ROOT, "%11d / %d", d.distinctFalseMatches(d.threshold()), d.distinctPairs()));
        row(sb, "false, unrelated", r, d -> String.format(Locale.ROOT, "%18s", d.unrelatedFalseMatches(d.threshold()) + " / " + d.unrelatedPairs()));
        row(sb, "false-match rate", r, d -> String.format(Locale.ROOT, "%18.2e", d.unrelatedFalseMatchRate(d.threshold())));
        row(sb, "hashes per report", r, d -> String.format(Locale.ROOT, "%18.2f", d.hashesPerReport()));
        row(sb, "look-ups per upload", r, d -> String.format(Locale.ROOT, "%18.2f", d.lookupsPerUpload()));
        row(sb, "reports/s (1 thread)", r, d -> String.format(Locale.ROOT, "%18.1f", d.reportsPerSecond()));
        row(sb, "uploads/s (1 thread)", r, d -> String.format(Locale.ROOT, "%18.1f", d.uploadsPerSecond()));
        for (EvalResult.DetectorResult d : r.detectors()) {
            if (!d.falseMatchPairs().isEmpty()) {
                sb.append(d.name()).append(": distinct originals matched at <=").append(d.threshold()).append(":\n");
                d.falseMatchPairs().stream().limit(20).forEach(p -> sb.append("  ").append(p).append('\n'));
            }
            if (!d.unrelatedFalseMatchPairs().isEmpty()) {
                sb.append(d.name()).append(": unrelated edited copies matched at <=").append(d.threshold())
                        .append(", by pair of originals:\n");
                d.unrelatedFalseMatchPairs().stream().limit(40).forEach(p -> sb.append("  ").append(p).append('\n'));
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, EvalResult r,
                            java.util.function.Function<EvalResult.DetectorResult, String> cell) {
        sb.append(String.format(Locale.ROOT, "%-30s", label));
        for (EvalResult.DetectorResult d : r.detectors()) sb.append(' ').append(cell.apply(d));
        sb.append('\n');
    }

    public static String json(EvalResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"seed\": ").append(r.seed())
                .append(",\n  \"originals\": ").append(r.originals())
                .append(",\n  \"editsPerOriginal\": ").append(r.editsPerOriginal())
                .append(",\n  \"uploadJpegQuality\": ").append(r.uploadQuality())
                .append(",\n  \"notes\": ").append(strings(r.notes()))
                .append(",\n  \"detectors\": [");
        for (int k = 0; k < r.detectors().size(); k++) {
            EvalResult.DetectorResult d = r.detectors().get(k);
            int t = d.threshold();
            sb.append(k == 0 ? "\n" : ",\n").append("    {\"name\": ").append(str(d.name()))
                    .append(", \"description\": ").append(str(d.description()))
                    .append(", \"threshold\": ").append(t)
                    .append(", \"recall\": ").append(num(d.recall(t)))
                    .append(", \"recallByKind\": {");
            boolean firstKind = true;
            for (EditKind kind : d.editDistances().keySet()) {
                sb.append(firstKind ? "" : ", ").append(str(kind.wireName())).append(": ").append(num(d.recall(kind, t)));
                firstKind = false;
            }
            sb.append("}, \"distinctPairs\": ").append(d.distinctPairs())
                    .append(", \"distinctFalseMatches\": ").append(d.distinctFalseMatches(t))
                    .append(", \"unrelatedPairs\": ").append(d.unrelatedPairs())
                    .append(", \"unrelatedFalseMatches\": ").append(d.unrelatedFalseMatches(t))
                    .append(", \"hashesPerReport\": ").append(num(d.hashesPerReport()))
                    .append(", \"lookupsPerUpload\": ").append(num(d.lookupsPerUpload()))
                    .append(", \"reportsPerSecondPerThread\": ").append(num(d.reportsPerSecond()))
                    .append(", \"uploadsPerSecondPerThread\": ").append(num(d.uploadsPerSecond()))
                    .append(", \"falseMatchPairs\": ").append(strings(d.falseMatchPairs()))
                    .append(", \"unrelatedFalseMatchPairs\": ").append(strings(d.unrelatedFalseMatchPairs()))
                    .append(",\n     \"sweep\": [");
            for (int th = 0; th <= 64; th++) {
                sb.append(th == 0 ? "" : ", ").append("{\"threshold\": ").append(th)
                        .append(", \"recall\": ").append(num(d.recall(th)))
                        .append(", \"distinctFalseMatches\": ").append(d.distinctFalseMatches(th))
                        .append(", \"unrelatedFalseMatchRate\": ").append(num(d.unrelatedFalseMatchRate(th)))
                        .append(", \"recallByKind\": {");
                boolean fk = true;
                for (EditKind kind : d.editDistances().keySet()) {
                    sb.append(fk ? "" : ", ").append(str(kind.wireName())).append(": ").append(num(d.recall(kind, th)));
                    fk = false;
                }
                sb.append("}}");
            }
            sb.append("]}");
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "null";
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String strings(List<String> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) sb.append(i == 0 ? "" : ", ").append(str(xs.get(i)));
        return sb.append(']').toString();
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
