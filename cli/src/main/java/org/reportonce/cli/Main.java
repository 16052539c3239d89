package org.reportonce.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code reportonce} command. Each subcommand lives in its own class. */
@Command(
        name = "reportonce",
        mixinStandardHelpOptions = true,
        version = "reportonce 0.1.0",
        description = "Report an intimate image once; have it found and taken down everywhere.",
        subcommands = {
            CommandLine.HelpCommand.class,
            org.reportonce.cli.hash.HashCommand.class,
            org.reportonce.cli.eval.EvalCommand.class,
            org.reportonce.cli.hub.HubCommand.class,
            org.reportonce.cli.up.UpCommand.class,
            org.reportonce.cli.index.IndexCommand.class,
            org.reportonce.cli.platform.PlatformCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
