package dev.gatehouse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** What the door simulator holds, polled: {@code GET /v1/tenants/{tenant}/persons/{id}} until a condition holds. */
final class DoorView {
    private static final long POLL_MILLIS = 2;

    private final HttpClient http = LoadThreads.BENCH.httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1), "bench-door");
    private final String tenants;

    /** {@code doorUrl}: the simulator's base URL, e.g. {@code http://127.0.0.1:8090}. */
    DoorView(String doorUrl) {
        this.tenants = doorUrl + "/v1/tenants/";
    }

    /** Polls the person until {@code wanted} holds; returns {@link System#nanoTime()} then, or -1 at {@code deadline}. */
    long await(String tenant, String id, long deadline, Predicate<JsonNode> wanted) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(tenants + tenant + "/persons/" + id))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && wanted.test(ScimJson.mapper().readTree(response.body()))) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // a slow or refused poll is retried until the deadline
            }
            Thread.sleep(POLL_MILLIS);
        }
        return -1;
    }

    /** Waits until the door system holds every one of {@code ids} as active; fails after {@code timeout}. */
    void awaitActive(String tenant, List<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String id : ids) {
            if (await(tenant, id, deadline, p -> p.path("active").asBoolean(false)) < 0) {
                throw new IllegalStateException("the door system did not receive " + tenant + "/" + id + " within " + timeout);
            }
        }
    }

    /** Reads a page (e.g. a service's {@code /metrics}); empty when it cannot be read. */
    String page(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        }
    }
}
