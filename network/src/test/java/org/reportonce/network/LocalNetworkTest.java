package org.reportonce.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, restarting and resetting a network's data folder (without content: the e2e tests cover the flow). */
class LocalNetworkTest {

    @TempDir Path data;

    static NetworkConfig config(Path data) {
        return NetworkConfig.builder(data).seedContent(false)
                .hubTuning(b -> b.pinHashMemoryKib(1024).heartbeat(Duration.ofSeconds(2)))
                .build();
    }

    @Test
    void restartOnTheSameFolder_keepsTheKeys_andTheKeysStillWork() {
        String operator;
        String chirpKey;
        try (LocalNetwork net = LocalNetwork.start(config(data))) {
            operator = net.operatorKey();
            chirpKey = net.platform(DemoPlatform.Spec.CHIRP).apiKey();
            assertThat(net.platforms()).extracting(DemoPlatform::name).containsExactly("Chirp", "Threadly", "Pixhost");
        }
        try (LocalNetwork net = LocalNetwork.start(config(data)); NetworkClient client = new NetworkClient(net.hubUri())) {
            assertThat(net.operatorKey()).isEqualTo(operator);
            assertThat(net.platform(DemoPlatform.Spec.CHIRP).apiKey()).isEqualTo(chirpKey);
            assertThat(client.get(net.hubUri().resolve("/v1/me"), chirpKey).json().path("displayName").asText()).isEqualTo("Chirp");
        }
    }

    @Test
    void keysOfAnotherHubDatabase_areRefusedWithAdviceToReset() throws Exception {
        try (LocalNetwork net = LocalNetwork.start(config(data))) {
            assertThat(net.hubUri()).isNotNull();
        }
        deleteTree(data.resolve("hub"));
        assertThatThrownBy(() -> LocalNetwork.start(config(data)))
                .hasMessageContaining("not known to this hub's database").hasMessageContaining("--reset");
    }

    @Test
    void reset_refusesAFolderThatIsNotANetworksData() throws Exception {
        Path other = data.resolve("documents");
        Files.createDirectories(other);
        Files.writeString(other.resolve("thesis.txt"), "precious");
        assertThatThrownBy(() -> LocalNetwork.reset(other)).hasMessageContaining("refusing to delete");
        assertThat(other.resolve("thesis.txt")).exists();
    }

    @Test
    void reset_deletesANetworksFolder() throws Exception {
        Path net = data.resolve("net");
        Files.createDirectories(net.resolve("platforms/chirp/content"));
        Files.writeString(net.resolve(NetworkState.FILE), "operator.key=x\n");
        LocalNetwork.reset(net);
        assertThat(net).doesNotExist();
    }

    static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
