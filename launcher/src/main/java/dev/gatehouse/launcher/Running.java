package dev.gatehouse.launcher;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running process, closed in reverse start order on Ctrl-C / SIGTERM or {@link #close()}.
 */
final class Running implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Running.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    /** Registers a started part; returns it for chaining. */
    synchronized <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /** Closes everything when the JVM is asked to stop, then lets {@link #awaitStop()} return. */
    Running closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "gatehouse-shutdown"));
        return this;
    }

    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        stopped.countDown();
    }
}
