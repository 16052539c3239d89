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

    static boolean isInteractive() {
        return System.console() != null;
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
