package org.reportonce.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a Server-Sent Events stream (WHATWG HTML "server-sent events" framing): {@code id:},
 * {@code event:} and {@code data:} lines make an event, a blank line dispatches it, lines starting
 * with {@code :} are comments (the hub's heartbeats). Only {@code signal} events (or events without
 * a type) carry changes. {@link #close()} may be called from another thread to abort a blocked read.
 */
final class SseConnection implements AutoCloseable {

    /** What {@link #next()} saw: a change (or malformed record), or just a sign of life. */
    sealed interface Item permits Record, Heartbeat {}

    record Record(IncomingRecord record) implements Item {}

    record Heartbeat() implements Item {}

    private static final int MAX_EVENT_CHARS = 1 << 20;

    private final InputStream in;
    private final BufferedReader reader;
    private final ChangeParser parser;
    private volatile long lastActivityNanos = System.nanoTime();

    SseConnection(InputStream in, ChangeParser parser) {
        this.in = in;
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.parser = parser;
    }

    /** Nanos (System.nanoTime) of the last byte line received: the idle watchdog compares against it. */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Whether another item can be read without blocking (used to batch a burst into one transaction). */
    boolean ready() throws IOException {
        return reader.ready();
    }

    /** The next item, or null at the end of the stream. */
    Item next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        boolean sawComment = false;
        String line;
        while ((line = reader.readLine()) != null) {
            lastActivityNanos = System.nanoTime();
            if (line.isEmpty()) {
                if (data == null) {
                    if (sawComment) return new Heartbeat();
                    id = null;
                    event = null;
                    continue;
                }
                if (event == null || event.equals("signal")) {
                    return new Record(parser.parse(data.toString(), parseId(id)));
                }
                if (event.equals("skipped") && parseId(id) != null) {
                    // the hub could not encode this record and moves past it: so do we, recording why
                    return new Record(new IncomingRecord.Malformed(parseId(id), "hub skipped it: " + data, data.toString()));
                }
                // another event type (e.g. a future "notice"): not a change, but proof the hub is alive
                return new Heartbeat();
            }
            if (line.charAt(0) == ':') {
                sawComment = true;
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) data = new StringBuilder();
                    else data.append('\n');
                    if (data.length() + value.length() > MAX_EVENT_CHARS) {
                        throw new IOException("SSE event larger than " + MAX_EVENT_CHARS + " characters");
                    }
                    data.append(value);
                }
                default -> { /* retry: and unknown fields are ignored, as the SSE spec says */ }
            }
        }
        return null;
    }

    private static Long parseId(String id) {
        if (id == null) return null;
        try {
            long v = Long.parseLong(id.strip());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing to abort: nothing more to do
        }
    }
}
