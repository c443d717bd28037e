package dev.gatehouse.pipeline.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void readyOnlyWhenEveryCheckPassesAndTheBodyNamesTheFailedOne() {
        boolean[] kafka = {true};
        Health health = new Health().check("kafka", () -> kafka[0]).check("store", () -> true);
        assertThat(health.ready().status()).isEqualTo(200);
        assertThat(health.ready().json()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"kafka\":true,\"store\":true}}");
        kafka[0] = false;
        assertThat(health.ready().status()).isEqualTo(503);
        assertThat(health.ready().json()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"kafka\":false,\"store\":true}}");
    }

    @Test
    void aCheckThatThrowsIsNotAPass() {
        Health health = new Health().check("broken", () -> {
            throw new IllegalStateException("no answer");
        });
        assertThat(health.ready().ready()).isFalse();
    }

    @Test
    void eachServiceScrapesItsOwnSeriesTaggedWithItsName() {
        try (ServiceMetrics api = ServiceMetrics.create("ingest-api"); ServiceMetrics sync = ServiceMetrics.create("access-sync")) {
            Counter.builder("gatehouse.example").register(api.registry()).increment(2);
            assertThat(api.scrape()).contains("gatehouse_example_total{service=\"ingest-api\"} 2.0")
                    .contains("jvm_memory_used_bytes");
            assertThat(sync.scrape()).doesNotContain("gatehouse_example_total").contains("service=\"access-sync\"");
        }
    }
}
