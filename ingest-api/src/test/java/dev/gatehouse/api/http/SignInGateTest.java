package dev.gatehouse.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignInGateTest {

    /** Holds {@code n} calls of {@code organization} inside the gate until {@code release} opens. */
    private static void hold(ExecutorService pool, SignInGate gate, String organization, int n, CountDownLatch inside,
            CountDownLatch release) {
        for (int i = 0; i < n; i++) {
            pool.submit(() -> gate.through(organization, () -> {
                inside.countDown();
                release.await();
                return "done";
            }));
        }
    }

    @Test
    void anOrganizationsSlowProviderUsesItsOwnPermitsOnlyAndTheTotalBoundsEveryone() throws Exception {
        SignInGate gate = new SignInGate(2, 3);
        ExecutorService pool = Executors.newCachedThreadPool();
        CountDownLatch release = new CountDownLatch(1);
        try {
            CountDownLatch inside = new CountDownLatch(2);
            hold(pool, gate, "slow", 2, inside, release);
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            // At its bound, the organization's next sign-in is refused at once; another organization still gets in.
            assertThatThrownBy(() -> gate.through("slow", () -> "never")).isInstanceOf(SignInGate.Busy.class)
                    .hasMessageContaining("this organization");
            assertThat(gate.through("other", () -> "in")).isEqualTo("in");

            CountDownLatch third = new CountDownLatch(1);
            hold(pool, gate, "another", 1, third, release);
            assertThat(third.await(5, TimeUnit.SECONDS)).isTrue();
            // Three held in all: the total refuses a fourth organization too.
            assertThatThrownBy(() -> gate.through("fourth", () -> "never")).isInstanceOf(SignInGate.Busy.class)
                    .hasMessageContaining("identity providers right now");
        } finally {
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        // Every permit came back.
        assertThat(gate.through("slow", () -> "again")).isEqualTo("again");
    }
}
