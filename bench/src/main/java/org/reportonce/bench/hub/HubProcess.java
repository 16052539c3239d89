package org.reportonce.bench.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link HubLoadServer} child process and the line protocol to drive it. */
final class HubProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    final URI base;

    private HubProcess(Process process, BufferedReader out, PrintWriter in, URI base) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.base = base;
    }

    static HubProcess start(String jdbcUrl, int pinMemoryKib, int pinPool, List<String> jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HubLoadServer.class.getName(),
                jdbcUrl, Integer.toString(pinMemoryKib), Integer.toString(pinPool)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
            // the hub's own start-up output
        }
        if (line == null) throw new IOException("the hub process ended before it was ready (exit " + waitExit(p) + ")");
        HubProcess hp = new HubProcess(p, out, in, URI.create(line.substring(6)));
        Runtime.getRuntime().addShutdownHook(new Thread(hp::close));
        return hp;
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            return -1;
        }
    }

    long pid() {
        return process.pid();
    }

    /** A new platform member and its key: {memberId, key}. */
    synchronized String[] platform(String name) throws IOException {
        in.println("platform " + name);
        String line = out.readLine();
        if (line == null || line.startsWith("ERROR")) throw new IOException("hub refused: " + line);
        return line.split(" ", 2);
    }

    synchronized int pinsReady() throws IOException {
        in.println("pins");
        return Integer.parseInt(out.readLine().trim());
    }

    @Override
    public synchronized void close() {
        if (!process.isAlive()) return;
        in.println("quit");
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
