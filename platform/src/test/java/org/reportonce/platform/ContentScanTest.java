package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reportonce.platform.Platforms.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.hashing.ImageHashing;

/** Registering stored content: scanning a folder (resumable) and importing a hash file. */
class ContentScanTest {

    @Test
    void scannedFolder_isRegistered_resumesAfterAnInterruption_andIsFoundByANewSignal(@TempDir Path dir) throws Exception {
        Random random = new Random(21);
        byte[] bridge = Images.bytes("pdq-data/bridge-mods/aaa-orig.jpg");
        Images.write(dir.resolve("photos"), "bridge.jpg", bridge);
        Images.write(dir.resolve("photos"), "bridge-rotated.png",
                Images.png(Images.rotate90(Images.read("pdq-data/bridge-mods/aaa-orig.jpg"))));
        for (int i = 0; i < 70; i++) {
            byte[] clip = new byte[500];
            random.nextBytes(clip);
            Images.write(dir.resolve("clips"), "clip-" + i + ".bin", clip);
        }
        try (TestHub hub = TestHub.start();
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("scanner")).build())) {
            Path state = ContentScanner.defaultStateFile(dir);
            ContentScanner scanner = new ContentScanner(50 << 20, 2);
            ContentScanner.Sink http = ContentScanner.http(p.baseUri(), null);

            // the sink fails on the second batch: the first stays done
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> scanner.scan(dir, state, batch -> {
                if (calls.incrementAndGet() == 2) throw new IllegalStateException("matcher went away");
                return http.register(batch);
            }, null)).hasMessageContaining("matcher went away");

            ContentScanner.Summary resumed = scanner.scan(dir, state, http, null);
            assertThat(resumed.found()).isEqualTo(72);
            assertThat(resumed.skippedAlreadyDone()).isEqualTo(64);
            assertThat(resumed.registered()).isEqualTo(8);
            assertThat(p.health().storedContent()).isEqualTo(72);

            ContentScanner.Summary again = scanner.scan(dir, state, http, null);
            assertThat(again.registered()).isZero();
            assertThat(again.skippedAlreadyDone()).isEqualTo(72);

            hub.reportPdq(ImageHashing.pdq(bridge).hash().toHex());
            await("both stored copies found", Duration.ofSeconds(20), () -> p.matcher().takedowns(null, null, 10).size() == 2);
            assertThat(p.matcher().takedowns(null, null, 10)).extracting(Takedown::contentReference)
                    .containsExactlyInAnyOrder("photos/bridge.jpg", "photos/bridge-rotated.png");
        }
    }

    @Test
    void hashFileImport_registersGoodLines_andNamesEachBadOne(@TempDir Path dir) throws Exception {
        String h = TestHub.randomHash(new Random(4));
        Path tsv = Files.writeString(dir.resolve("content.tsv"), String.join("\n",
                "contentReference\tpdq\tquality\tmd5\tsha256",
                "post/1\t" + h + "\t90",
                "# a comment",
                "",
                "video/2\t\t\t" + "ab".repeat(16),
                "post/3\t" + h.substring(1) + "\t90",
                "post/4\t" + h + "\thigh",
                "post/5\t" + h + "\t90\t\t" + "cd".repeat(32)) + "\n");
        try (TestHub hub = TestHub.start();
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("importer")).build())) {
            ContentImport.Result r = ContentImport.importFile(tsv, ContentScanner.into(p.matcher()), null);
            assertThat(r.registered()).isEqualTo(3);
            assertThat(r.errors()).containsExactly(
                    "line 6: pdq must be 64 hex characters, got 63",
                    "line 7: quality must be an integer 0..100, got 'high'");
            assertThat(p.health().storedContent()).isEqualTo(3);
            assertThat(List.of(r.lines())).containsExactly(8);
        }
    }
}
