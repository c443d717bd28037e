package dev.gatehouse.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a running process, closed in reverse start order on Ctrl-C / SIGTERM or {@link #close()}:
 * the API first (it stops accepting and finishes in-flight requests while the processor still answers
 * them), then access-sync (commits what door systems accepted), the processor (Streams commits and
 * leaves its group), the broker last.
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

    /**
     * Closes everything when the JVM is asked to stop, then lets {@link #awaitStop()} return. SIGTERM and
     * SIGINT are handled here rather than by the JVM's default (which exits 143 / 130 whatever the hooks
     * did), so a clean stop ends the command normally with exit code 0; the hook covers other exits.
     */
    Running closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "gatehouse-shutdown"));
        for (String name : List.of("TERM", "INT")) {
            try {
                handle(name, () -> new Thread(() -> {
                    LOG.info("SIG{} received: stopping", name);
                    close();
                }, "gatehouse-stop").start());
            } catch (IllegalArgumentException e) {
                LOG.debug("no SIG{} on this platform; the shutdown hook stops the process", name);
            }
        }
        return this;
    }

    /**
     * {@code sun.misc.Signal.handle(new Signal(name), signal -> action.run())}, reached by reflection:
     * Java 17 has no supported way to handle a signal, {@code sun.misc} (module jdk.unsupported) is the
     * one the JDK leaves open for it, and a compiled reference to it is a warning no option silences
     * under {@code --release}. Throws IllegalArgumentException where the signal cannot be handled.
     */
    static void handle(String name, Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance(name);
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "SIG" + name + " handler";
                    });
            signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException unknown) {
                throw unknown;
            }
            throw new IllegalArgumentException("cannot handle SIG" + name, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot handle SIG" + name, e);
        }
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
        LOG.info("stopping {} part(s)", parts.size());
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("stopped");
        stopped.countDown();
    }
}
