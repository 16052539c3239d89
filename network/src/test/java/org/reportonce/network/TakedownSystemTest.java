package org.reportonce.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.network.TakedownEvent.Kind;
import org.reportonce.platform.WebhookSignature;
import org.reportonce.protocol.Json;

/**
 * The demo takedown system over real HTTP: it acts only on calls signed with its secret, only on
 * files inside its content folder, and confirms to the matcher it is attached to (here a plain JDK
 * HTTP server that records what it receives).
 */
class TakedownSystemTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path folder;
    TakedownSystem system;
    HttpServer matcher;
    final List<String> confirmations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(folder.resolve("content"));
        Files.writeString(folder.resolve("content/photo.jpg"), "not really a picture");
        Files.writeString(folder.resolve("secret.txt"), "outside the content folder");
        system = TakedownSystem.start("Testsite", folder, SECRET, Clock.systemUTC());
        matcher = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        matcher.createContext("/v1/takedowns/", ex -> {
            confirmations.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        matcher.start();
        system.attach(URI.create("http://127.0.0.1:" + matcher.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        system.close();
        matcher.stop(0);
    }

    @Test
    void signedMatch_movesTheFileToQuarantine_andConfirmsBlockedToTheMatcher() throws Exception {
        int status = send(match("td_1", "content/photo.jpg"), SECRET, now());
        assertThat(status).isEqualTo(202);
        await(Kind.CONFIRMED);
        assertThat(folder.resolve("content/photo.jpg")).doesNotExist();
        assertThat(folder.resolve("quarantine/photo.jpg")).hasContent("not really a picture");
        assertThat(confirmations).singleElement().satisfies(c -> {
            assertThat(c).startsWith("/v1/takedowns/td_1/confirm ");
            JsonNode body = Json.mapper().readTree(c.substring(c.indexOf(' ') + 1));
            assertThat(body.path("decision").asText()).isEqualTo("Blocked");
            assertThat(body.path("removedAt").asText()).isNotBlank();
        });
        assertThat(Files.readString(folder.resolve("takedowns.log"))).contains("td_1", "content/photo.jpg");
    }

    @Test
    void secondMatchOfAQuarantinedFile_isConfirmedWithoutMovingAgain() throws Exception {
        send(match("td_1", "content/photo.jpg"), SECRET, now());
        await(Kind.CONFIRMED);
        send(match("td_2", "content/photo.jpg"), SECRET, now());
        awaitCount(Kind.CONFIRMED, 2);
        assertThat(system.events()).filteredOn(e -> e.kind() == Kind.QUARANTINED).extracting(TakedownEvent::detail)
                .containsExactly("moved to quarantine/photo.jpg", "already in quarantine/photo.jpg");
    }

    @Test
    void webhookSignedWithAnotherSecret_isRefusedWith401_andNothingMoves() throws Exception {
        int status = send(match("td_1", "content/photo.jpg"), "another-secret-another-secret!!", now());
        assertThat(status).isEqualTo(401);
        assertThat(folder.resolve("content/photo.jpg")).exists();
        assertThat(system.events()).extracting(TakedownEvent::kind).containsExactly(Kind.REFUSED);
    }

    @Test
    void replayedWebhookWithAnOldTimestamp_isRefused() throws Exception {
        int status = send(match("td_1", "content/photo.jpg"), SECRET, now() - Duration.ofMinutes(10).toSeconds());
        assertThat(status).isEqualTo(401);
        assertThat(folder.resolve("content/photo.jpg")).exists();
    }

    @Test
    void contentReferenceOutsideTheContentFolder_isRefused_andTheFileStays() throws Exception {
        int status = send(match("td_1", "content/../secret.txt"), SECRET, now());
        assertThat(status).isEqualTo(202);
        await(Kind.REFUSED);
        assertThat(folder.resolve("secret.txt")).exists();
        assertThat(confirmations).isEmpty();
    }

    @Test
    void malformedBody_isA400ProblemNamingWhatIsExpected() throws Exception {
        HttpResponse<String> r = sendFull("{\"event\":\"match\",\"takedownId\":\"bad id with spaces\"}", SECRET, now());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("takedownId", "contentReference");
    }

    private static String match(String id, String ref) {
        return """
                {"event":"match","takedownId":"%s","contentReference":"%s","signal":{"signalId":7},"distance":3,"variant":"flipx"}"""
                .formatted(id, ref);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private int send(String body, String secret, long ts) throws Exception {
        return sendFull(body, secret, ts).statusCode();
    }

    private HttpResponse<String> sendFull(String body, String secret, long ts) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(system.webhookUri())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, ts, b))
                .POST(HttpRequest.BodyPublishers.ofByteArray(b)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private void await(Kind kind) throws InterruptedException {
        awaitCount(kind, 1);
    }

    private void awaitCount(Kind kind, int n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (system.events().stream().filter(e -> e.kind() == kind).count() < n) {
            assertThat(System.nanoTime()).as("waiting for %d %s events; got %s", n, kind, system.events()).isLessThan(until);
            Thread.sleep(10);
        }
    }
}
