package dev.gatehouse.launcher;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/** The events tests' command line. */
final class TailCommandLine {
    private TailCommandLine() {
    }

    /**
     * The whole command line, as {@code main} builds it, with {@code events tail} reading
     * {@code environment}, writing to {@code out} and {@code err}, and installing no signal handler;
     * {@code created} receives the tail command it makes (to stop a {@code --follow}).
     */
    static CommandLine of(Map<String, String> environment, OutputStream out, OutputStream err,
            AtomicReference<EventsCommand.Tail> created) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof EventsCommand.Tail tail) {
                    tail.environment = environment;
                    tail.out = new PrintStream(out, true, StandardCharsets.UTF_8);
                    tail.err = new PrintStream(err, true, StandardCharsets.UTF_8);
                    tail.handleSignals = false;
                    created.set(tail);
                }
                return made;
            }
        };
        return new CommandLine(new Gatehouse(), factory);
    }
}
