package dev.gatehouse.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code gatehouse} command line in this process, as a user runs it: its exit code and
 * what it printed on stdout and stderr.
 */
record CliRun(int exit, String out, String err) {
    /** Runs {@code args} followed by {@code --url url --admin-key key}: an admin command against a running API. */
    static CliRun admin(String url, String key, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Gatehouse());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 4];
        System.arraycopy(args, 0, full, 0, args.length);
        System.arraycopy(new String[] {"--url", url, "--admin-key", key}, 0, full, args.length, 4);
        int exit = cli.execute(full);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
