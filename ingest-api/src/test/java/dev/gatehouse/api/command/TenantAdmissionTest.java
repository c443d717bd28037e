package dev.gatehouse.api.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.scim.ScimException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TenantAdmissionTest {
    private final TenantAdmission admission = new TenantAdmission(100, 300);

    @Test
    void anOrganizationsWritesPastItsWindowWaitInOrderWhileAnotherOrganizationsGoAtOnce() {
        TenantAdmission.Permit first = admission.admit("a", 60).join();
        CompletableFuture<TenantAdmission.Permit> second = admission.admit("a", 60);
        CompletableFuture<TenantAdmission.Permit> third = admission.admit("a", 10);

        assertThat(second).isNotDone();
        assertThat(third).as("in order: no overtaking the write ahead").isNotDone();
        assertThat(admission.admit("b", 100)).isCompleted();

        first.release();
        assertThat(second).isCompleted();
        assertThat(third).isCompleted();
        assertThat(admission.inFlight("a")).isEqualTo(70);
    }

    @Test
    void aWriteLargerThanTheWindowGoesAloneAndReleasingTwiceCountsOnce() {
        TenantAdmission.Permit big = admission.admit("a", 500).join();
        CompletableFuture<TenantAdmission.Permit> small = admission.admit("a", 1);
        assertThat(small).isNotDone();

        big.release();
        big.release();
        assertThat(small).isCompleted();
        assertThat(admission.inFlight("a")).isEqualTo(1);
    }

    @Test
    void tooMuchWaitingIsRefusedWith429() {
        admission.admit("a", 100).join();
        admission.admit("a", 200);
        admission.admit("a", 100);

        CompletableFuture<TenantAdmission.Permit> refused = admission.admit("a", 1);

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((p, e) -> e).join()).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.status()).isEqualTo(429));
        assertThat(admission.waiting()).isEqualTo(2);
    }

    @Test
    void aWaiterThatGivesUpLeavesItsPlaceToTheNext() {
        TenantAdmission.Permit first = admission.admit("a", 100).join();
        CompletableFuture<TenantAdmission.Permit> gaveUp = admission.admit("a", 50);
        CompletableFuture<TenantAdmission.Permit> next = admission.admit("a", 50);

        gaveUp.completeExceptionally(new CompletionException(new java.util.concurrent.TimeoutException()));
        assertThat(admission.waiting()).isEqualTo(1);
        first.release();

        assertThat(next).isCompleted();
        assertThat(admission.inFlight("a")).isEqualTo(50);
    }
}
