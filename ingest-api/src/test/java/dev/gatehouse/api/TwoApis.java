package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.TestHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.kafka.FreePorts;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestKafka;
import java.util.Map;

/** Two API instances on the test broker, administered through the first. */
record TwoApis(ConfigSource config, IngestApiService first, IngestApiService second) implements AutoCloseable {
    /** How long a change made on one instance may take to reach the other. */
    static final long BOUND_MS = 10_000;

    static TwoApis start() {
        ConfigSource config = TestKafka.settings(Map.of(
                ConfigKeys.ADMIN_KEY, ADMIN_KEY,
                ConfigKeys.PROCESSOR_URL, "http://127.0.0.1:" + FreePorts.next()));
        IngestApiService first = IngestApiService.start(ApiConfig.from(config));
        try {
            return new TwoApis(config, first, another(config, "b"));
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /** One more instance of the same deployment (its own instance id), for a caller that closes it. */
    static IngestApiService another(ConfigSource config, String suffix) {
        return IngestApiService.start(ApiConfig.from(config.with(Map.of(
                ConfigKeys.INSTANCE_ID, config.string(ConfigKeys.INSTANCE_ID) + "-" + suffix))));
    }

    Gatehouse admin() {
        return new Gatehouse("http://127.0.0.1:" + first.port(), ADMIN_KEY);
    }

    String scimOnSecond() {
        return "http://127.0.0.1:" + second.port() + "/scim/v2/ServiceProviderConfig";
    }

    /** Milliseconds from {@code started} until the second instance refuses {@code token} (401), within the bound. */
    long millisUntilRefusedOnSecond(String token, long started) {
        int status;
        do {
            status = send("GET", scimOnSecond(), "Bearer " + token, null).statusCode();
            assertThat((System.nanoTime() - started) / 1_000_000).as("the revocation reaches the second instance")
                    .isLessThan(BOUND_MS);
        } while (status == 200);
        assertThat(status).isEqualTo(401);
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        second.close();
        first.close();
    }
}
