package dev.gatehouse.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An Entra ID initial provisioning cycle, with Entra's call pattern (docs/entra-id.md §2.1, §3): for each
 * user a matching query, a POST, then a manager PATCH; for each group a matching query (members
 * excluded), a POST, then member PATCHes of at most 100 members.
 */
public final class EntraCycle {
    private static final int MEMBERS_PER_PATCH = 100;

    /** What the cycle did and how long it took. */
    public record Outcome(int users, int groups, int memberships, int requests, int errors, double seconds) {
        public double objectsPerSecond() {
            return (users + groups + memberships) / seconds;
        }

        @Override
        public String toString() {
            return String.format("%,d users, %,d groups, %,d memberships in %.1f s: %,.0f objects/s "
                            + "(%,d requests, %,.0f req/s, %d errors)", users, groups, memberships, seconds,
                    objectsPerSecond(), requests, requests / seconds, errors);
        }
    }

    private EntraCycle() {
    }

    public static Outcome run(ScimClient scim, String run, int users, int groups, int memberships, int clients)
            throws Exception {
        AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(users);
        AtomicInteger requests = new AtomicInteger();
        long start = System.nanoTime();
        LoadDriver.Result created = LoadDriver.run("cycle users", clients, users, i -> {
            String userName = "cycle-" + run + "-" + i + "@contoso.test";
            requests.addAndGet(2);
            JsonNode found = scim.send("GET", "/Users?" + ScimClient.filter("userName eq \"" + userName + "\""), null).json();
            if (found.path("totalResults").asInt(-1) != 0) {
                return false;
            }
            ScimClient.Answer answer = scim.send("POST", "/Users", user(userName, i));
            if (answer.status() != 201) {
                return false;
            }
            ids.set(i, answer.json().path("id").asText());
            return true;
        });
        // Managers are set once both ends exist: every tenth user manages the nine after it.
        LoadDriver.Result managed = LoadDriver.run("cycle managers", clients, users, i -> {
            String manager = ids.get(i / 10 * 10);
            if (i % 10 == 0 || manager == null || ids.get(i) == null) {
                return true;
            }
            requests.incrementAndGet();
            return scim.send("PATCH", "/Users/" + ids.get(i), ScimClient.patch(
                    "[{\"op\":\"Add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\","
                            + "\"value\":\"" + manager + "\"}]")).status() / 100 == 2;
        });
        int perGroup = groups == 0 ? 0 : memberships / groups;
        LoadDriver.Result grouped = LoadDriver.run("cycle groups", clients, groups, g -> {
            String name = "cycle-" + run + "-group-" + g;
            requests.addAndGet(2);
            JsonNode found = scim.send("GET", "/Groups?excludedAttributes=members&"
                    + ScimClient.filter("displayName eq \"" + name + "\""), null).json();
            if (found.path("totalResults").asInt(-1) != 0) {
                return false;
            }
            ScimClient.Answer answer = scim.send("POST", "/Groups", "{\"schemas\":[\"" + ScimClient.GROUP_SCHEMA
                    + "\"],\"displayName\":\"" + name + "\",\"externalId\":\"" + name + "\"}");
            if (answer.status() != 201) {
                return false;
            }
            String groupId = answer.json().path("id").asText();
            boolean ok = true;
            for (int from = 0; from < perGroup; from += MEMBERS_PER_PATCH) {
                StringBuilder members = new StringBuilder();
                for (int m = from; m < Math.min(perGroup, from + MEMBERS_PER_PATCH); m++) {
                    String member = ids.get((g * perGroup + m) % users);
                    if (member != null) {
                        members.append(members.length() == 0 ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
                    }
                }
                requests.incrementAndGet();
                ok &= scim.send("PATCH", "/Groups/" + groupId, ScimClient.patch(
                        "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + members + "]}]")).status() == 204;
            }
            return ok;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(users, groups, perGroup * groups, requests.get(),
                created.errors() + managed.errors() + grouped.errors(), seconds);
    }

    private static String user(String userName, int i) {
        return "{\"schemas\":[\"" + ScimClient.USER_SCHEMA + "\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],"
                + "\"externalId\":\"ext-" + userName + "\",\"userName\":\"" + userName + "\",\"active\":true,"
                + "\"displayName\":\"Cycle User " + i + "\",\"name\":{\"givenName\":\"Cycle\",\"familyName\":\"User " + i + "\"},"
                + "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"" + userName + "\"}],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"Dept " + (i % 20) + "\"},"
                + "\"metadata.city\":\"City " + (i % 50) + "\"}";
    }
}
