package dev.gatehouse.launcher.bench;

import dev.gatehouse.scim.limits.Limits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Many organizations provisioning at once, as Entra ID runs one provisioning cycle per organization:
 * each organization has a stream of requests of its own (one client, or a few), all at the same time,
 * with Entra's mix ({@link EntraClient}): per user a matching query and a create, then the groups (a
 * query and a create each), their members by PATCHes of at most 100, and a few users disabled. The
 * other phases measure one large organization; this one, many small ones sharing the partitions, the
 * stream threads and the API. Each organization's latencies are its own, so that the report can say how
 * the slowest organization fared beside the typical one.
 */
public final class ManyOrganizations {
    /** Users per group; also one user in this many is disabled. */
    private static final int USERS_PER_GROUP = 100;
    private static final int USERS_PER_DEACTIVATION = 20;

    /**
     * What each organization provisions, proportionate to its users: a group per 100 users, every user a
     * member of one group, one user in 20 disabled (at least one group and one disabled user).
     */
    public record Plan(int users, int groups, int memberships, int deactivations) {
        public static Plan of(int users) {
            return new Plan(users, Math.max(1, (users + USERS_PER_GROUP - 1) / USERS_PER_GROUP), users,
                    Math.max(1, users / USERS_PER_DEACTIVATION));
        }

        /** Users, groups and memberships: what an organization holds afterwards. */
        public int objects() {
            return users + groups + memberships;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d users, %,d groups, %,d memberships, %,d disabled", users, groups,
                    memberships, deactivations);
        }
    }

    /**
     * How the organizations' latencies spread, in milliseconds: the p99 of the median organization's
     * requests and that of the worst organization's, and the median request's over all.
     */
    public record Spread(double medianP99Ms, double worstP99Ms, double p50Ms) {
        /** From each organization's latencies (nanoseconds); organizations that sent nothing are left out. */
        public static Spread of(List<long[]> perOrganization) {
            List<long[]> sent = perOrganization.stream().filter(l -> l.length > 0).toList();
            long[] p99s = sent.stream().mapToLong(l -> LoadDriver.percentile(l, 99)).toArray();
            long[] all = sent.stream().flatMapToLong(Arrays::stream).toArray();
            return new Spread(LoadDriver.percentile(p99s, 50) / 1e6, Arrays.stream(p99s).max().orElse(0) / 1e6,
                    LoadDriver.percentile(all, 50) / 1e6);
        }
    }

    /** What a run did: organizations, clients in all, each organization's plan, requests, errors, wall time. */
    public record Result(int organizations, int clients, Plan plan, int requests, int errors, double seconds,
                         Spread spread) {
        /** Users, groups and memberships provisioned per second, over all organizations. */
        public double objectsPerSecond() {
            return (double) organizations * plan.objects() / seconds;
        }

        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private ManyOrganizations() {
    }

    /** {@code clients} spread over {@code organizations}: as evenly as they go, the first ones one more. */
    public static int[] clientsPerOrganization(int organizations, int clients) {
        if (clients < organizations) {
            throw new IllegalArgumentException(clients + " clients cannot give each of " + organizations + " organizations one");
        }
        int[] each = new int[organizations];
        for (int o = 0; o < organizations; o++) {
            each[o] = clients / organizations + (o < clients % organizations ? 1 : 0);
        }
        return each;
    }

    /** The most writes an organization's window admits at once: writes that count only their base cost. */
    public static long writesPerWindow() {
        return Limits.WRITE_WINDOW_BYTES / Limits.COMMAND_BASE_BYTES;
    }

    /**
     * Whether the API's per-organization limits can hold this phase back, as a sentence for the report.
     * The SCIM rate limit is the bench's to lift ({@code rateLimit}); the write window admits
     * {@link Limits#WRITE_WINDOW_BYTES} of work per organization (a member PATCH of 100 counts a whole
     * step), and {@link Limits#READS_IN_FLIGHT} reads: an organization with more clients than that may
     * wait at its window, and the phase then measures the limit as well as the stack.
     */
    public static String limits(int clientsPerOrganization, String rateLimitKey, String rateLimit) {
        long memberPatch = Math.min(Limits.STEP_WORK_BYTES,
                Limits.COMMAND_BASE_BYTES + (long) Limits.MEMBER_CHANGE_BYTES * EntraClient.MEMBERS_PER_PATCH);
        long memberPatches = Limits.WRITE_WINDOW_BYTES / memberPatch;
        String window = String.format(Locale.ROOT, "an organization's write window admits %d member PATCHes of %d at once "
                        + "(or up to %d other writes) and %d reads", memberPatches, EntraClient.MEMBERS_PER_PATCH, writesPerWindow(),
                Limits.READS_IN_FLIGHT);
        String verdict = clientsPerOrganization <= memberPatches
                ? "with at most " + clientsPerOrganization + " client(s) per organization no limit caps this phase"
                : "with " + clientsPerOrganization + " clients per organization, member PATCHes may wait at the write window: "
                        + "that limit, not only the stack, is measured";
        return "(Per-organization limits: the SCIM rate limit is lifted (" + rateLimitKey + "=" + rateLimit + "); "
                + window + "; " + verdict + ".)";
    }

    /**
     * Provisions {@code plan} in every organization at once from {@code clients} load threads, each
     * organization's own ({@link #clientsPerOrganization}); user and group names carry {@code run}, so
     * that the organizations can be provisioned again.
     */
    public static Result run(List<Organization> organizations, String run, Plan plan, int clients) throws InterruptedException {
        int[] each = clientsPerOrganization(organizations.size(), clients);
        ThreadFactory factory = LoadThreads.BENCH.factory("bench-org");
        List<Cycle> cycles = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int o = 0; o < organizations.size(); o++) {
            Cycle cycle = new Cycle(organizations.get(o), run, plan, each[o]);
            cycles.add(cycle);
            for (int c = 0; c < each[o]; c++) {
                threads.add(factory.newThread(cycle::work));
            }
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt); // the bench is being stopped: so are its clients
            throw e;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(organizations.size(), clients, plan, cycles.stream().mapToInt(c -> c.entra.requests()).sum(),
                cycles.stream().mapToInt(c -> c.errors.get()).sum(), seconds,
                Spread.of(cycles.stream().map(c -> c.entra.latencies()).toList()));
    }

    /**
     * One organization's provisioning: steps one after the other (users, groups, members, disabling),
     * each shared by the organization's clients, which meet at a barrier between steps as Entra finishes
     * the users before it sends the groups that name them.
     */
    private static final class Cycle {
        private final EntraClient entra;
        private final List<Step> steps;
        private final CyclicBarrier barrier;
        private final AtomicInteger errors = new AtomicInteger();

        Cycle(Organization organization, String run, Plan plan, int clients) {
            this.entra = new EntraClient(organization.scim());
            this.barrier = new CyclicBarrier(clients);
            AtomicReferenceArray<String> users = new AtomicReferenceArray<>(plan.users());
            AtomicReferenceArray<String> groups = new AtomicReferenceArray<>(plan.groups());
            this.steps = List.of(
                    new Step(plan.users(), i -> {
                        users.set(i, entra.createUser("user-" + run + "-" + i + "@" + organization.id() + ".test", i));
                        return users.get(i) != null;
                    }),
                    new Step(plan.groups(), g -> {
                        groups.set(g, entra.createGroup("group-" + run + "-" + g));
                        return groups.get(g) != null;
                    }),
                    new Step(plan.groups(), g -> {
                        List<String> members = new ArrayList<>();
                        for (int i = g; i < plan.users(); i += plan.groups()) {
                            if (users.get(i) != null) {
                                members.add(users.get(i));
                            }
                        }
                        return groups.get(g) != null && entra.addMembers(groups.get(g), members);
                    }),
                    new Step(plan.deactivations(), d -> {
                        String user = users.get(d * plan.users() / plan.deactivations());
                        return user != null && entra.deactivate(user);
                    }));
        }

        /** One client's part: the next item of each step until the step is done, then the barrier. */
        void work() {
            try {
                for (Step step : steps) {
                    for (int i; (i = step.next().getAndIncrement()) < step.count(); ) {
                        boolean ok;
                        try {
                            ok = step.item().run(i);
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (Exception e) {
                            ok = false;
                        }
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                    barrier.await();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                Thread.currentThread().interrupt(); // stopped: the bench is being stopped
            }
        }
    }

    /** A step of {@code count} items, numbered from 0, handed out to the clients in turn. */
    private record Step(int count, LoadDriver.Call item, AtomicInteger next) {
        Step(int count, LoadDriver.Call item) {
            this(count, item, new AtomicInteger());
        }
    }
}
