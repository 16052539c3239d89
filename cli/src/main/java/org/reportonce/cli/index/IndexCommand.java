package org.reportonce.cli.index;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code reportonce index}: build an exact Hamming index from a hash file, and query it. */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description = {
            "Build and query an exact Hamming-distance index of PDQ hashes.",
            "Hash files hold one 64-hex-character hash per line, optionally followed by a tab and a"
                    + " numeric id (default id: the line number, from 0)."
        },
        subcommands = {IndexBuildCommand.class, IndexQueryCommand.class})
public final class IndexCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
