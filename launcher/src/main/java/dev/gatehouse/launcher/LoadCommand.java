package dev.gatehouse.launcher;

import dev.gatehouse.launcher.bench.LoadDriver;
import dev.gatehouse.pipeline.config.ConfigKeys;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse load}: a small load driver against a running stack. It creates users with
 * {@code POST /Users}, then looks each up with {@code GET /Users?filter=userName eq "…"}, from a
 * fixed number of concurrent clients, and prints throughput and p50/p99 latency per phase.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Drive POST /Users and GET filter load against a running stack; print req/s and p50/p99.")
final class LoadCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "Tenant URL, e.g. http://localhost:8080/scim/v2")
    String url;

    @Option(names = "--token", required = true, description = "SCIM bearer token (or set GATEHOUSE_LOAD_TOKEN and pass -).")
    String token;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default: 16).")
    int clients;

    @Option(names = "--requests", defaultValue = "5000", description = "Requests per phase (default: 5000).")
    int requests;

    @Override
    public Integer call() throws Exception {
        if ("-".equals(token)) {
            token = System.getenv(ConfigKeys.LOAD_TOKEN);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        System.out.printf("clients=%d requests/phase=%d cores=%d%n", clients, requests,
                Runtime.getRuntime().availableProcessors());
        Phase post = run(http, "POST /Users", i -> HttpRequest.newBuilder(URI.create(url + "/Users"))
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                        + "\"userName\":\"load-" + run + "-" + i + "@example.com\",\"active\":true}")), 201);
        Phase get = run(http, "GET filter userName eq", i -> HttpRequest.newBuilder(URI.create(url + "/Users?filter="
                + URLEncoder.encode("userName eq \"load-" + run + "-" + i + "@example.com\"", StandardCharsets.UTF_8))), 200);
        System.out.println(post);
        System.out.println(get);
        return post.errors() + get.errors() == 0 ? 0 : 1;
    }

    private Phase run(HttpClient http, String name, IntFunction<HttpRequest.Builder> request, int expected) throws Exception {
        LoadDriver.Result result = LoadDriver.run(name, clients, requests, i -> http.send(request.apply(i)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == expected);
        return new Phase(name, requests, result.errors(), result.perSecond(), result.p50Ms(), result.p99Ms());
    }

    private record Phase(String name, int requests, int errors, double perSecond, double p50Ms, double p99Ms) {
        @Override
        public String toString() {
            return String.format("%-24s %7d req  %5d errors  %8.0f req/s  p50 %6.1f ms  p99 %6.1f ms",
                    name, requests, errors, perSecond, p50Ms, p99Ms);
        }
    }
}
