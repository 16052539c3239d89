package org.reportonce.cli.index;

import java.io.PrintWriter;

/** A one-line progress report on stderr, shown only when a person is watching (a console is attached). */
final class Progress {
    private final PrintWriter err;
    private final boolean interactive;
    private boolean dirty;

    Progress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * Whether a terminal is attached. From JDK 22 {@code System.console()} is non-null even when the
     * streams are redirected, so ask {@code Console.isTerminal()} where it exists (the code targets 21).
     */
    static boolean isInteractive() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    void update(String text) {
        if (!interactive) return;
        err.print("\r\u001b[2K" + text);
        err.flush();
        dirty = true;
    }

    /** Clears the progress line before ordinary output. */
    void done() {
        if (dirty) {
            err.print("\r\u001b[2K");
            err.flush();
            dirty = false;
        }
    }
}
