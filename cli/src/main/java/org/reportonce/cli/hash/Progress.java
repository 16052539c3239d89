package org.reportonce.cli.hash;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn in place; silent unless there are many items and
 * stderr is a terminal (so logs and pipes never see it).
 */
final class Progress {
    /** Fewer files than this finish before a bar would be worth drawing. */
    static final int MIN_ITEMS = 20;
    private static final int WIDTH = 30;

    private final int total;
    private final PrintWriter err;
    private final boolean enabled;
    private int done;
    private long lastDraw;

    private Progress(int total, PrintWriter err, boolean enabled) {
        this.total = total;
        this.err = err;
        this.enabled = enabled;
    }

    static Progress forTerminal(int total, PrintWriter err) {
        return new Progress(total, err, total >= MIN_ITEMS && interactive());
    }

    /** True when a console is attached; on JDK 22+ also asks whether it really is a terminal. */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console is a terminal
        }
    }

    void step() {
        done++;
        if (!enabled) return;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return; // at most 10 redraws a second
        lastDraw = now;
        int filled = (int) ((long) WIDTH * done / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
        err.flush();
    }

    void done() {
        if (enabled) {
            err.print("\r" + " ".repeat(WIDTH + 30) + "\r");
            err.flush();
        }
    }
}
