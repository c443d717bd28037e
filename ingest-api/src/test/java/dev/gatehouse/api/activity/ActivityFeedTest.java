package dev.gatehouse.api.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.ProvisioningActivity;
import dev.gatehouse.contract.ProvisioningActivity.Call;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityFeedTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final String ORG = "org-1";

    private final ActivityFeed feed = new ActivityFeed("api-a", Clock.fixed(NOW, ZoneOffset.UTC), null, "activity");

    private static Call call(Instant at, int status) {
        return new Call(at, "create", "Users", status, status < 400 ? "success" : "failure", status < 400 ? null : "bad");
    }

    @Test
    void callsOfThisAndOtherInstancesMergeNewestFirstAndOwnPublishedSpansAreNotCountedTwice() {
        feed.record(ORG, call(NOW.minusSeconds(30), 201));
        feed.apply(new ProvisioningActivity(ORG, "api-b", NOW.minusSeconds(40), NOW.minusSeconds(20), 2, 1,
                List.of(call(NOW.minusSeconds(20), 400), call(NOW.minusSeconds(40), 201))));
        // This instance's own span, published after it started: already recorded, skipped.
        feed.apply(new ProvisioningActivity(ORG, "api-a", NOW.minusSeconds(30), NOW, 1, 0,
                List.of(call(NOW.minusSeconds(30), 201))));
        // A span of this instance id from before this start (a restart with a fixed instance id) is history.
        feed.apply(new ProvisioningActivity(ORG, "api-a", NOW.minusSeconds(90), NOW.minusSeconds(60), 1, 0,
                List.of(call(NOW.minusSeconds(90), 200))));

        assertThat(feed.latest(ORG, 10)).extracting(Call::at).containsExactly(NOW.minusSeconds(20), NOW.minusSeconds(30),
                NOW.minusSeconds(40), NOW.minusSeconds(90));
        ActivityFeed.Summary summary = feed.summary(ORG);
        assertThat(summary.lastCallAt()).contains(NOW.minusSeconds(20));
        assertThat(summary.lastHour()).isEqualTo(new ActivityFeed.Counts(4, 1));
        assertThat(summary.recentFailures()).extracting(Call::status).containsExactly(400);
        assertThat(feed.summary("another-org").lastCallAt()).isEmpty();
    }

    @Test
    void countsLeaveTheLastHourAndTheLastDayAsTimePasses() {
        feed.record(ORG, call(NOW.minus(Duration.ofMinutes(30)), 500));
        feed.record(ORG, call(NOW.minus(Duration.ofHours(3)), 201));
        feed.record(ORG, call(NOW.minus(Duration.ofHours(30)), 201));
        ActivityFeed.Summary summary = feed.summary(ORG);
        assertThat(summary.lastHour()).isEqualTo(new ActivityFeed.Counts(1, 1));
        assertThat(summary.lastDay()).isEqualTo(new ActivityFeed.Counts(2, 1));
    }

    @Test
    void memoryIsBoundedPerOrganization() {
        for (int i = 0; i < ActivityFeed.RECENT + 50; i++) {
            feed.record(ORG, call(NOW.minusSeconds(i), i % 2 == 0 ? 201 : 409));
        }
        assertThat(feed.latest(ORG, 1000)).hasSize(ActivityFeed.RECENT).first().extracting(Call::at).isEqualTo(NOW);
    }

    @Test
    void aSpanListsEveryFailureBeforeTheNewestSuccessesUpToItsLimit() {
        List<Call> calls = new ArrayList<>();
        ActivityFeed publishing = new ActivityFeed("api-a", Clock.fixed(NOW, ZoneOffset.UTC), null, "activity");
        for (int i = 0; i < 120; i++) {
            Call call = call(NOW.minusMillis(i), i % 40 == 0 ? 429 : 200);
            calls.add(call);
            publishing.record(ORG, call);
        }
        ProvisioningActivity span = publishing.pendingSpan(ORG);
        assertThat(span.calls()).isEqualTo(120);
        assertThat(span.failures()).isEqualTo(3);
        assertThat(span.entries()).hasSize(ProvisioningActivity.MAX_ENTRIES);
        assertThat(span.entries()).filteredOn(Call::failed).hasSize(3);
        assertThat(span.entries().get(0).at()).isEqualTo(NOW);
        assertThat(span.from()).isEqualTo(NOW.minusMillis(119));
        assertThat(span.to()).isEqualTo(NOW);
    }

    @Test
    void theOperationOfACallFollowsItsMethodAndPath() {
        assertThat(ActivityFeed.operation("POST", "Users")).isEqualTo("create");
        assertThat(ActivityFeed.operation("PATCH", "Groups/1")).isEqualTo("update");
        assertThat(ActivityFeed.operation("GET", "Users/1")).isEqualTo("read");
        assertThat(ActivityFeed.operation("GET", "Users")).isEqualTo("list");
        assertThat(ActivityFeed.operation("POST", "Users/.search")).isEqualTo("list");
        assertThat(ActivityFeed.operation("GET", "Schemas")).isEqualTo("discovery");
    }
}
