package dev.gatehouse.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ManyOrganizationsTest {
    private static final long MS = 1_000_000;

    @Test
    void eachOrganizationsPlanIsProportionateToItsUsers() {
        assertThat(ManyOrganizations.Plan.of(200)).isEqualTo(new ManyOrganizations.Plan(200, 2, 200, 10));
        assertThat(ManyOrganizations.Plan.of(250)).isEqualTo(new ManyOrganizations.Plan(250, 3, 250, 12));
        // a small organization still has a group and a person disabled
        assertThat(ManyOrganizations.Plan.of(7)).isEqualTo(new ManyOrganizations.Plan(7, 1, 7, 1));
        assertThat(ManyOrganizations.Plan.of(200).objects()).isEqualTo(402);
    }

    @Test
    void clientsAreSpreadOverTheOrganizationsAsEvenlyAsTheyGo() {
        int[] each = ManyOrganizations.clientsPerOrganization(50, 64);

        assertThat(each).hasSize(50).containsOnly(1, 2);
        assertThat(each).startsWith(2, 2).endsWith(1, 1);
        assertThat(LongStream.range(0, 50).filter(o -> each[(int) o] == 2).count()).isEqualTo(14);
        assertThat(ManyOrganizations.clientsPerOrganization(4, 8)).containsExactly(2, 2, 2, 2);
        assertThatThrownBy(() -> ManyOrganizations.clientsPerOrganization(50, 49)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSpreadIsTheMedianAndTheWorstOrganizationsP99() {
        // organization k's requests take k, 2k, ... 100k ms: its p99 (nearest rank) is 99k ms
        List<long[]> organizations = List.of(scaled(1), scaled(3), scaled(2), new long[0]);

        ManyOrganizations.Spread spread = ManyOrganizations.Spread.of(organizations);

        // p99s of 99, 297 and 198 ms; the organization that sent nothing is left out
        assertThat(spread.medianP99Ms()).isCloseTo(198, within(1e-9));
        assertThat(spread.worstP99Ms()).isCloseTo(297, within(1e-9));
        // the 150th of all 300 requests
        assertThat(spread.p50Ms()).isCloseTo(82, within(1e-9));
    }

    @Test
    void withoutRequestsTheSpreadIsZero() {
        assertThat(ManyOrganizations.Spread.of(List.of())).isEqualTo(new ManyOrganizations.Spread(0, 0, 0));
    }

    @Test
    void theResultGivesObjectsAndRequestsPerSecondOverAllOrganizations() {
        ManyOrganizations.Result result = new ManyOrganizations.Result(50, 64, ManyOrganizations.Plan.of(200), 42_000, 3, 100.0,
                new ManyOrganizations.Spread(1, 2, 0.5));

        assertThat(result.objectsPerSecond()).isCloseTo(50 * 402 / 100.0, within(1e-9));
        assertThat(result.requestsPerSecond()).isCloseTo(420, within(1e-9));
    }

    @Test
    void theLimitsLineSaysWhetherTheWriteWindowCapsThePhase() {
        String two = ManyOrganizations.limits(2, "GATEHOUSE_SCIM_RATE_LIMIT", "1000000");
        String three = ManyOrganizations.limits(3, "GATEHOUSE_SCIM_RATE_LIMIT", "1000000");

        assertThat(two).contains("GATEHOUSE_SCIM_RATE_LIMIT=1000000").contains("admits 2 member PATCHes of 100")
                .contains("8 reads").contains("no limit caps this phase");
        assertThat(three).contains("3 clients per organization, member PATCHes may wait at the write window")
                .doesNotContain("no limit caps");
    }

    /** 100 requests of {@code k}, {@code 2k}, ... {@code 100k} ms, in no order. */
    private static long[] scaled(int k) {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[(i * 37) % 100] = (i + 1) * k * MS;
        }
        return values;
    }
}
