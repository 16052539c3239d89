package org.reportonce.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.pdq.Dihedral;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.testing.PdqData;

/**
 * The portal's in-browser hashes (TeaVM-compiled PDQ in a Web Worker, pixels decoded by Chromium)
 * against the Java {@code hashing} module on the same files of {@code shared/pdq-data}: PNG exactly,
 * JPEG of quality ≥ 80 within 4 bits (the two decoders' IDCTs differ), all 8 dihedral hashes, and the
 * MD5 of every file equal to the JDK's.
 */
class BrowserHashTest {
    private static WebFixture web;

    @BeforeAll
    static void start() {
        long t = System.nanoTime();
        web = WebFixture.get();
        System.out.printf(Locale.ROOT, "hub + proxy + Chromium started in %.1f s%n", (System.nanoTime() - t) / 1e9);
    }

    @Test
    void everyPdqDataImage_hashesInTheBrowserAsTheJavaModuleHashesIt() throws Exception {
        long t0 = System.nanoTime();
        List<Path> files = pdqDataImages();
        Browser b = web.browser;
        b.open(web.url("/report.html"));
        b.find("#files").sendKeys(files.stream().map(Path::toString).collect(Collectors.joining("\n")));
        b.find("#choose-continue").click();
        b.waitFor(java.time.Duration.ofSeconds(120), d -> b.find("#step-review").isDisplayed());
        long t1 = System.nanoTime();

        // one round trip for every thumbnail's data-* attributes
        @SuppressWarnings("unchecked")
        List<Map<String, String>> thumbs = (List<Map<String, String>>) b.js(
                "return Array.from(document.querySelectorAll('#thumbs li')).map(li => Object.assign({}, li.dataset))");
        assertThat(thumbs).hasSize(files.size());
        Map<String, Map<String, String>> byMd5 = new HashMap<>();
        for (Map<String, String> thumb : thumbs) byMd5.put(thumb.get("md5"), thumb);
        Map<Path, DihedralHashes> javaHashes = new java.util.concurrent.ConcurrentHashMap<>();
        files.parallelStream().forEach(f -> javaHashes.put(f, ImageHashing.pdqDihedral(f)));

        List<String> report = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        int exactPng = 0;
        int jpegWithinBar = 0;
        for (Path file : files) {
            String name = PdqData.shared().relativize(file).toString();
            String md5 = md5(file);
            Map<String, String> thumb = byMd5.get(md5);
            assertThat(thumb).as("the browser's MD5 of %s equals the JDK's %s", name, md5).isNotNull();
            DihedralHashes java = javaHashes.get(file);
            String pdq = thumb.get("pdq");
            if (pdq == null || pdq.isEmpty()) {
                report.add(String.format(Locale.ROOT, "%-60s browser could not decode: %s", name, thumb.get("error")));
                if (!name.endsWith(".webp")) failures.put(name, "not decoded in the browser");
                continue;
            }
            int quality = Integer.parseInt(thumb.get("quality"));
            String dihedral = thumb.get("dihedral");
            int worst = 0;
            for (Dihedral d : Dihedral.values()) {
                String browserHash = dihedral.replaceAll(".*\"" + d.wireName() + "\":\"([0-9a-f]{64})\".*", "$1");
                worst = Math.max(worst, Hash256.fromHex(browserHash).distance(java.get(d).hash()));
            }
            int distance = Hash256.fromHex(pdq).distance(java.original().hash());
            report.add(String.format(Locale.ROOT, "%-60s distance %2d (worst dihedral %2d) quality browser %3d java %3d  %s",
                    name, distance, worst, quality, java.original().quality(), thumb.get("timings")));
            boolean png = name.endsWith(".png");
            boolean jpeg = name.endsWith(".jpg");
            if (png) {
                if (worst == 0 && quality == java.original().quality()) exactPng++;
                else failures.put(name, "PNG must hash exactly; worst dihedral distance " + worst);
            } else if (jpeg && java.original().quality() >= 80) {
                if (worst <= 4) jpegWithinBar++;
                else failures.put(name, "JPEG of quality ≥ 80 must be within 4 bits; worst dihedral distance " + worst);
            }
        }
        System.out.println("In-browser PDQ vs the Java hashing module (" + files.size() + " files):");
        report.forEach(line -> System.out.println("  " + line));
        System.out.println("  exact PNG: " + exactPng + ", JPEG q>=80 within 4 bits: " + jpegWithinBar);
        System.out.printf(Locale.ROOT, "  browser hashing %.1f s, Java comparison %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        b.screenshot("portal-hash-review-pdq-data");
        assertThat(failures).as("files outside the bar").isEmpty();
        assertThat(exactPng).isGreaterThanOrEqualTo(5);
        assertThat(jpegWithinBar).isGreaterThanOrEqualTo(20);
    }

    static List<Path> pdqDataImages() {
        try (Stream<Path> s = Files.walk(PdqData.file("pdq-data"))) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png|webp)$"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String md5(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
