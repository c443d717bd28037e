package dev.gatehouse.launcher.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An organization made over the admin API for one scenario (SSO, SCIM on, a token), with a few groups,
 * ready on every API instance. Each scenario makes its own, so scenarios sharing a stack stay apart.
 */
record Organization(String id, String token, List<String> groupIds) {
    private static final Duration SETUP = Duration.ofSeconds(60);

    static Organization create(ProcessStack stack, String name, int groups) {
        String admin = stack.apiUrl(ProcessStack.Service.API_A) + "/admin/v1/tenants";
        String key = stack.adminKey();
        String id = retry("create " + name, () -> Http.send("POST", admin, key, "{\"name\":\"" + name + "\"}"))
                .json().get("id").asText();
        String domain = name.toLowerCase().replaceAll("[^a-z0-9]", "") + ".example";
        retry("sso", () -> Http.send("PUT", admin + "/" + id + "/sso", key, "{\"provider\":\"entra-id\",\"directoryId\":\""
                + UUID.randomUUID() + "\",\"domains\":[\"" + domain + "\"]}"));
        retry("scim on", () -> Http.send("PUT", admin + "/" + id + "/scim", key, "{\"enabled\":true}"));
        String token = retry("token", () -> Http.send("POST", admin + "/" + id + "/scim/token", key, "{}"))
                .json().get("token").asText();
        for (String api : stack.apiUrls()) {
            retry("token known to " + api, () -> Http.get(api + "/scim/v2/Users?count=0", token));
        }
        List<String> groupIds = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Doors " + g + "\"}";
            String base = stack.apiUrls().get(0) + "/scim/v2/Groups";
            groupIds.add(retry("group " + g, () -> Http.send("POST", base, token, body)).json().get("id").asText());
        }
        return new Organization(id, token, List.copyOf(groupIds));
    }

    /** {@code count} organizations named {@code prefix 1}, {@code prefix 2}…, each with {@code groups} groups. */
    static List<Organization> several(ProcessStack stack, String prefix, int count, int groups) {
        List<Organization> orgs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            orgs.add(create(stack, prefix + " " + i, groups));
        }
        return orgs;
    }

    private static Http.Answer retry(String what, Supplier<Http.Answer> call) {
        long deadline = System.nanoTime() + SETUP.toNanos();
        Http.Answer last;
        do {
            last = call.get();
            if (last.ok()) {
                return last;
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + " failed: " + last);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
