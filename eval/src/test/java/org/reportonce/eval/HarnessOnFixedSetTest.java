package org.reportonce.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reportonce.eval.detector.DihedralPdqDetector;
import org.reportonce.eval.detector.PlainPdqDetector;
import org.reportonce.eval.detector.SignalSetDetector;
import org.reportonce.testing.PdqData;

/**
 * The harness end to end on a small fixed set: Meta's PDQ test pictures plus generated ones, a
 * subset of the battery (to stay fast), all three built-in detectors. Asserts what PDQ is known to
 * survive, what dihedral look-ups add, and what signal sets add on crops and borders.
 */
class HarnessOnFixedSetTest {
    static final Set<EditKind> KINDS = Set.of(EditKind.JPEG_LOW_QUALITY, EditKind.DOWNSCALE, EditKind.BLUR,
            EditKind.GREYSCALE, EditKind.ASPECT, EditKind.MIRROR, EditKind.ROTATE_90, EditKind.CROP_CENTRED,
            EditKind.BORDER, EditKind.ROTATE_SMALL);
    static EvalResult result;
    static List<Corpus.Original> originals;

    @BeforeAll
    static void run() {
        List<Path> files = List.of(
                PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg"),
                PdqData.file("pdq-data/misc-images/c.png"),
                PdqData.file("pdq-data/misc-images/small.jpg"),
                PdqData.file("pdq-data/misc-images/modes/original.jpg"));
        List<String> notes = new ArrayList<>();
        originals = Corpus.load(files, null, 4, 42, 640, notes::add);
        List<Edits.Edit> battery = Edits.battery().stream().filter(e -> KINDS.contains(e.kind())).toList();
        result = Evaluation.run(originals, battery,
                List.of(new PlainPdqDetector(), new DihedralPdqDetector(), new SignalSetDetector()),
                new Evaluation.Config(42, 90, 2, java.util.Map.of()), notes, i -> { });
        System.out.println(ReportWriter.table(result));
    }

    static EvalResult.DetectorResult detector(String name) {
        return result.detectors().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void fixedSet_usesTheTestPicturesAndTheGeneratedOnes() {
        assertThat(originals.size()).isGreaterThanOrEqualTo(6);
        assertThat(originals).extracting(Corpus.Original::name).anyMatch(n -> n.endsWith("aaa-orig.jpg"));
    }

    @Test
    void plainPdq_survivesReencodingResizingBlurGreyAndStretching() {
        EvalResult.DetectorResult pdq = detector("pdq");
        for (EditKind k : List.of(EditKind.JPEG_LOW_QUALITY, EditKind.DOWNSCALE, EditKind.BLUR, EditKind.GREYSCALE,
                EditKind.ASPECT)) {
            assertThat(pdq.recall(k, 31)).as(k.wireName()).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void dihedralLookups_findMirrorsAndQuarterTurns_thatPlainPdqMisses() {
        assertThat(detector("pdq").recall(EditKind.MIRROR, 31)).isLessThan(0.5);
        assertThat(detector("pdq-dihedral").recall(EditKind.MIRROR, 31)).isGreaterThanOrEqualTo(0.9);
        assertThat(detector("pdq-dihedral").recall(EditKind.ROTATE_90, 31)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void signalSets_findBordersAndCrops_farMoreOftenThanPlainPdq() {
        EvalResult.DetectorResult pdq = detector("pdq");
        EvalResult.DetectorResult set = detector("signal-set");
        assertThat(set.recall(EditKind.BORDER, 31)).isGreaterThanOrEqualTo(0.9)
                .isGreaterThan(pdq.recall(EditKind.BORDER, 31) + 0.5);
        assertThat(set.recall(EditKind.CROP_CENTRED, 31)).isGreaterThanOrEqualTo(pdq.recall(EditKind.CROP_CENTRED, 31) + 0.2);
        assertThat(set.recall(EditKind.ROTATE_SMALL, 31)).isGreaterThan(pdq.recall(EditKind.ROTATE_SMALL, 31));
        assertThat(set.recall(31)).isGreaterThan(detector("pdq-dihedral").recall(31));
    }

    @Test
    void noDetector_matchesDistinctOriginals() {
        for (EvalResult.DetectorResult d : result.detectors()) {
            assertThat(d.distinctFalseMatches(d.threshold())).as(d.name() + ": " + d.falseMatchPairs()).isZero();
            assertThat(d.distinctPairs()).isEqualTo((long) originals.size() * (originals.size() - 1));
        }
    }

    @Test
    void unrelatedFalseMatches_areListedByPairOfOriginals_copiesAddingUpToTheCount() {
        for (EvalResult.DetectorResult d : result.detectors()) {
            long listed = d.unrelatedFalseMatchPairs().stream()
                    .mapToLong(s -> Long.parseLong(s.replaceAll("^.* reported ~ (\\d+) edited copies of .*$", "$1")))
                    .sum();
            assertThat(listed).as(d.name()).isEqualTo(d.unrelatedFalseMatches(d.threshold()));
        }
    }

    @Test
    void signalSets_costMoreHashesPerReport_andMoreLookupsPerUpload() {
        assertThat(detector("pdq").hashesPerReport()).isEqualTo(1.0);
        assertThat(detector("signal-set").hashesPerReport()).isGreaterThan(1.0);
        assertThat(detector("pdq-dihedral").lookupsPerUpload()).isEqualTo(8.0);
        // 8 dihedral (16 with a trimmed or turned-back copy), plus the area look-ups of the upload, plus
        // one of the upload cut at a flat band's edge when it has one, and one of the upload with a
        // sticker painted out when it has one
        int areas = org.reportonce.hashing.signalset.SignalSets.areaLookupLabels().size();
        assertThat(detector("signal-set").lookupsPerUpload()).isBetween(8.0 + areas, 18.0 + areas);
    }

    @Test
    void outputs_areWellFormed() throws Exception {
        String json = ReportWriter.json(result);
        assertThat(json).contains("\"name\": \"signal-set\"").contains("\"recallByKind\"").contains("\"sweep\"")
                .contains("\"unrelatedFalseMatchPairs\"");
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        var doc = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                Plot.svg(result).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(3);
        java.awt.image.BufferedImage png = Plot.png(result);
        assertThat(png.getWidth()).isEqualTo(Plot.W);
        assertThat(ReportWriter.table(result)).contains("crop_centred").contains("ALL EDITS");
    }
}
