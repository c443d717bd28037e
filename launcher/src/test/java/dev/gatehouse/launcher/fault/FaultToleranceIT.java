package dev.gatehouse.launcher.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.fault.ProcessStack.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real faults on the packaged jar: each service runs as its own JVM ({@link ProcessStack}), a load of a
 * few thousand SCIM writes runs over two API instances ({@link FaultLoad}), and in the middle of it one
 * service is killed with SIGKILL and started again — or the broker is stopped for a while. Afterwards
 * {@link DirectoryCheck} proves no answered write was lost or applied twice, none half-applied, and the
 * door simulator holds exactly the directory.
 *
 * <p>The scenarios share one stack (starting six JVMs costs more than a scenario's load on a 2-core
 * machine); each uses organizations of its own and first restarts whatever an earlier failure left down.
 * Every process's output is in {@code target/fault-tests/<run>/<service>.log}.
 * {@code -Dgatehouse.fault.users=N} sets the users per organization (3 organizations, ~5 writes each).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {
    private static final int ORGANIZATIONS = 3;
    private static final int USERS = Integer.getInteger("gatehouse.fault.users", 120);
    private static final int CONCURRENCY = 12;
    private static final Duration BROKER_OUTAGE = Duration.ofSeconds(10);
    /** What a write may take past the API's own deadline on a busy 2-core machine before it counts as a hang. */
    private static final Duration ANSWER_SLACK = Duration.ofSeconds(6);

    private ProcessStack stack;

    @BeforeAll
    void startStack() {
        Path root = Path.of("target", "fault-tests", "run-" + Instant.now().toString().replace(':', '-'));
        stack = new ProcessStack(root);
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void everyServiceRunning() {
        stack.ensureAllRunning();
    }

    @Test
    @Order(1)
    void processorKilledMidLoadLosesNoAnsweredWriteAndAppliesNoneTwice() throws Exception {
        killMidLoadAndRestart(Service.PROCESSOR, 1);
    }

    @Test
    @Order(2)
    void accessSyncKilledMidLoadLeavesTheDoorsEqualToTheDirectory() throws Exception {
        killMidLoadAndRestart(Service.ACCESS_SYNC, 2);
    }

    @Test
    @Order(3)
    void oneOfTwoApiInstancesKilledMidLoadLosesNoAnsweredWrite() throws Exception {
        killMidLoadAndRestart(Service.API_B, 3);
    }

    @Test
    @Order(4)
    void brokerStoppedMidLoadGets503WithRetryAfterAndEverythingRecoversByItself() throws Exception {
        List<Organization> orgs = Organization.several(stack, "Fault broker", ORGANIZATIONS, 4);
        FaultLoad load = new FaultLoad(stack.apiUrls(), orgs, USERS, 4);
        Map<Service, Long> pids = new EnumMap<>(Service.class);
        for (Service s : List.of(Service.PROCESSOR, Service.API_A, Service.API_B, Service.ACCESS_SYNC, Service.SIMULATOR)) {
            pids.put(s, stack.pid(s));
        }
        Thread running = load.start(CONCURRENCY);
        load.awaitProgress(running, 3, "a third", Duration.ofMinutes(5)); // the fault lands in its middle

        stack.kill(Service.BROKER);
        long stoppedAt = System.nanoTime();
        int unavailableBefore = load.unavailableCount();
        Organization.sleep(BROKER_OUTAGE.toMillis());
        assertThat(running.isAlive()).as("the load still runs during the outage").isTrue();
        int unavailableDuringOutage = load.unavailableCount() - unavailableBefore;
        stack.start(Service.BROKER);
        System.out.printf("broker: down %.1f s; %d writes answered 503 meanwhile%n",
                (System.nanoTime() - stoppedAt) / 1e9, unavailableDuringOutage);

        load.finish(running, Duration.ofMinutes(10));
        long recoveryStarted = System.nanoTime();
        load.settle(orgs);
        System.out.printf("broker: writes answered again %.1f s after the load ended; %s%n",
                (System.nanoTime() - recoveryStarted) / 1e9, load.summary());

        assertThat(unavailableDuringOutage).as("writes during the outage were answered 503").isPositive();
        assertThat(load.missingRetryAfter()).as("503 answers without Retry-After").isEmpty();
        assertThat(load.slowestMillis()).as("the slowest answer (ms): never past the API's deadline")
                .isLessThanOrEqualTo(ProcessStack.COMMAND_TIMEOUT.plus(ANSWER_SLACK).toMillis());
        assertThat(load.unexpected()).as("answers other than 2xx, 503 and 409 to a repeated create").isEmpty();
        for (Map.Entry<Service, Long> e : pids.entrySet()) {
            assertThat(stack.isRunning(e.getKey()) && stack.pid(e.getKey()) == e.getValue())
                    .as("%s recovered without a restart", e.getKey()).isTrue();
        }
        new DirectoryCheck(stack).verify(load, orgs);
    }

    private void killMidLoadAndRestart(Service victim, long seed) throws Exception {
        List<Organization> orgs = Organization.several(stack, "Fault " + victim.dirName(), ORGANIZATIONS, 4);
        FaultLoad load = new FaultLoad(stack.apiUrls(), orgs, USERS, seed);
        Thread running = load.start(CONCURRENCY);
        load.awaitProgress(running, 3, "a third", Duration.ofMinutes(5)); // the fault lands in its middle

        stack.kill(victim);
        long killedAt = System.nanoTime();
        int sentAtKill = load.writesSent();
        // The fault lands mid-load; on a quiet machine the load may end before a quick restart does.
        assertThat(running.isAlive()).as("the load was still running when %s was killed", victim).isTrue();
        Organization.sleep(2_000);
        stack.start(victim);
        System.out.printf("%s: killed after %d of ~%d writes, back after %.1f s%n", victim, sentAtKill,
                load.plannedWrites(), (System.nanoTime() - killedAt) / 1e9);

        load.finish(running, Duration.ofMinutes(10));
        load.settle(orgs);
        System.out.printf("%s: %s%n", victim, load.summary());
        assertThat(load.unexpected()).as("answers other than 2xx, 503 and 409 to a repeated create").isEmpty();
        assertThat(load.missingRetryAfter()).as("503 answers without Retry-After").isEmpty();
        new DirectoryCheck(stack).verify(load, orgs);
    }
}
