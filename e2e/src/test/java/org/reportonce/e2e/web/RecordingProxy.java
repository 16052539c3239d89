package org.reportonce.e2e.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP forward proxy that Chromium is told to use for every request (loopback included), so the
 * tests see every byte the browser sends — from the page, its Web Worker, anything — not only what
 * reaches the hub. Requests for the hub's origin are forwarded to it; anything else (another host, an
 * HTTPS {@code CONNECT}) is recorded and refused with 502, because the portal must never contact
 * another origin.
 *
 * <p>One request per connection ({@code Connection: close}), the response piped back unparsed:
 * simple, and enough for pages, fetches and event streams.
 */
final class RecordingProxy implements AutoCloseable {

    /** One request as the browser sent it. {@code target} is the absolute URI (or host:port for CONNECT). */
    record Recorded(String method, String target, List<String> headers, byte[] body) {
        String origin() {
            if (method.equals("CONNECT")) return "https://" + target;
            URI u = URI.create(target);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        }

        String path() {
            return method.equals("CONNECT") ? "" : URI.create(target).getRawPath();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + target + " (" + body.length + " bytes)";
        }
    }

    private final URI upstream;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    RecordingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.submit(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Recorded> requests() {
        return List.copyOf(recorded);
    }

    void clear() {
        recorded.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> handle(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String requestLine = readLine(in);
            if (requestLine == null || requestLine.isEmpty()) return;
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String target = parts.length > 1 ? parts[1] : "";
            List<String> headers = new ArrayList<>();
            long contentLength = 0;
            boolean chunked = false;
            for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
                headers.add(line);
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) contentLength = Long.parseLong(line.substring(15).trim());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            byte[] body = chunked ? readChunked(in) : in.readNBytes((int) contentLength);
            Recorded request = new Recorded(method, target, List.copyOf(headers), body);
            recorded.add(request);

            String hubOrigin = upstream.getScheme() + "://" + upstream.getHost() + ":" + upstream.getPort();
            if (method.equals("CONNECT") || !target.startsWith("http://") || !request.origin().equals(hubOrigin)) {
                out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            forward(request, out);
        } catch (IOException e) {
            // the browser gave up on the connection: nothing to record beyond what we have
        }
    }

    private void forward(Recorded request, OutputStream toBrowser) throws IOException {
        URI u = URI.create(request.target());
        String pathAndQuery = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        try (Socket hub = new Socket(upstream.getHost(), upstream.getPort())) {
            OutputStream toHub = hub.getOutputStream();
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            for (String h : request.headers()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("proxy-connection:") || lower.startsWith("connection:")
                        || lower.startsWith("transfer-encoding:") || lower.startsWith("content-length:")
                        || lower.startsWith("keep-alive:")) {
                    continue;
                }
                head.append(h).append("\r\n");
            }
            if (request.body().length > 0 || !request.method().equals("GET") && !request.method().equals("HEAD")) {
                head.append("Content-Length: ").append(request.body().length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            toHub.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            toHub.write(request.body());
            toHub.flush();
            hub.getInputStream().transferTo(toBrowser);
            toBrowser.flush();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') break;
            if (b != '\r') line.write(b);
        }
        if (b == -1 && line.size() == 0) return null;
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) break;
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) break;
                }
                break;
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
        return body.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
