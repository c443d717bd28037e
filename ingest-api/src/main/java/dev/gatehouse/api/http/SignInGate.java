package dev.gatehouse.api.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * How many console sign-ins may wait on identity providers at once: at most {@code perOrganization}
 * for one organization and {@code total} for all. Each waits on a server thread for as long as the
 * provider takes (up to its timeouts), and an organization's owner chooses its provider: without this
 * bound, a provider that answers slowly on purpose could hold enough threads to slow everyone's SCIM
 * calls. Past a bound the sign-in is refused at once (503), never queued.
 */
final class SignInGate {
    static final int PER_ORGANIZATION = 4;
    static final int TOTAL = 16;

    private final int perOrganization;
    private final Semaphore total;
    private final Map<String, Semaphore> organizations = new ConcurrentHashMap<>();

    SignInGate(int perOrganization, int total) {
        this.perOrganization = perOrganization;
        this.total = new Semaphore(total);
    }

    /** Thrown when a bound is reached: no call was made. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message, null, false, false);
        }
    }

    /** A sign-in step that calls the identity provider, with the (checked) refusals it may throw. */
    interface Call<T, A extends Exception, B extends Exception> {
        T run() throws A, B;
    }

    /** Runs {@code call} for {@code organization} if both bounds leave room; else {@link Busy}. */
    <T, A extends Exception, B extends Exception> T through(String organization, Call<T, A, B> call) throws A, B {
        Semaphore own = organizations.computeIfAbsent(organization, o -> new Semaphore(perOrganization));
        if (!own.tryAcquire()) {
            throw new Busy("Too many sign-ins to this organization are waiting for its identity provider. Try again in a moment.");
        }
        try {
            if (!total.tryAcquire()) {
                throw new Busy("Too many sign-ins are waiting for identity providers right now. Try again in a moment.");
            }
            try {
                return call.run();
            } finally {
                total.release();
            }
        } finally {
            own.release();
            // The semaphore stays in the map: one per organization that ever signed in, a few bytes each.
        }
    }
}
