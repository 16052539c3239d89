package org.reportonce.bench.hub;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.reportonce.hub.Hub;
import org.reportonce.hub.HubConfig;
import org.reportonce.hub.Member;
import org.reportonce.hub.Role;

/**
 * The hub under load, in a JVM of its own so that its CPU time is measured apart from the load
 * client's. {@link HubLoad} starts it and drives it over stdin, one command per line:
 * {@code platform NAME} answers {@code MEMBER_ID KEY}; {@code pins} answers the ready PIN count;
 * {@code quit} stops the hub. The first line it prints is {@code READY <base URI>}.
 */
public final class HubLoadServer {

    private HubLoadServer() {}

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        int pinMemory = Integer.parseInt(args[1]);
        int pool = Integer.parseInt(args[2]);
        try (Hub hub = Hub.start(HubConfig.builder().jdbcUrl(jdbcUrl).pinHashMemoryKib(pinMemory).pinPoolSize(pool).pinPoolPrefill(pool).build())) {
            System.out.println("READY " + hub.baseUri());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("platform ")) {
                    Member m = hub.createMember(line.substring(9), Role.PLATFORM);
                    System.out.println(m.id() + " " + hub.createApiKey(m.id()));
                } else if (line.equals("pins")) {
                    System.out.println(hub.pinPoolReady());
                } else if (line.equals("quit")) {
                    break;
                } else {
                    System.out.println("ERROR unknown command " + line);
                }
                System.out.flush();
            }
        }
    }
}
