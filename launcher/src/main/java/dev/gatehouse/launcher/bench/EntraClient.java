package dev.gatehouse.launcher.bench;

import java.io.IOException;
import java.util.List;

/**
 * One organization's provisioning client sending Entra ID's requests as Entra sends them
 * (docs/entra-id.md §2.1, §2.2, §3): a matching query before every create, users with the enterprise
 * extension and a {@code metadata.<name>} attribute, groups created empty and filled by member PATCHes
 * of at most 100, a manager set by a PATCH after the create, a person disabled by {@code active=false}.
 * Every request is timed. The Entra cycle and the many-organizations phase both provision through it,
 * so both send the same requests.
 */
public final class EntraClient {
    static final int MEMBERS_PER_PATCH = 100;
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private final ScimClient scim;
    private final Latencies latencies = new Latencies();

    public EntraClient(ScimClient scim) {
        this.scim = scim;
    }

    /**
     * Entra's create of a user: the query on {@code userName}, then, when nothing matched, the POST of the
     * {@code i}-th user; the new user's id, or null when the query matched or the POST was refused.
     */
    public String createUser(String userName, int i) throws IOException, InterruptedException {
        if (matches(send("GET", "/Users?" + ScimClient.filter("userName eq \"" + userName + "\""), null))) {
            return null;
        }
        return created(send("POST", "/Users", user(userName, i)));
    }

    /** Entra's create of a group: the query on {@code displayName} (members excluded), then the POST; its id or null. */
    public String createGroup(String displayName) throws IOException, InterruptedException {
        if (matches(send("GET", "/Groups?excludedAttributes=members&"
                + ScimClient.filter("displayName eq \"" + displayName + "\""), null))) {
            return null;
        }
        return created(send("POST", "/Groups", "{\"schemas\":[\"" + ScimClient.GROUP_SCHEMA + "\"],\"displayName\":\""
                + displayName + "\",\"externalId\":\"" + displayName + "\"}"));
    }

    /** Adds {@code members} (user ids) to the group, {@value #MEMBERS_PER_PATCH} per PATCH; true when each was answered 204. */
    public boolean addMembers(String groupId, List<String> members) throws IOException, InterruptedException {
        boolean ok = true;
        for (int from = 0; from < members.size(); from += MEMBERS_PER_PATCH) {
            StringBuilder values = new StringBuilder();
            for (String member : members.subList(from, Math.min(members.size(), from + MEMBERS_PER_PATCH))) {
                values.append(values.length() == 0 ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
            }
            ok &= send("PATCH", "/Groups/" + groupId, ScimClient.patch(
                    "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[" + values + "]}]")).status() == 204;
        }
        return ok;
    }

    /** Sets the user's manager, as Entra does once both exist; true when answered 2xx. */
    public boolean setManager(String userId, String managerId) throws IOException, InterruptedException {
        return send("PATCH", "/Users/" + userId, ScimClient.patch("[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE
                + ":manager\",\"value\":\"" + managerId + "\"}]")).status() / 100 == 2;
    }

    /** Disables the user ({@link ScimClient#DEACTIVATE}); true when answered 204. */
    public boolean deactivate(String userId) throws IOException, InterruptedException {
        return send("PATCH", "/Users/" + userId, ScimClient.DEACTIVATE).status() == 204;
    }

    /** How many requests were sent. */
    public int requests() {
        return latencies.count();
    }

    /** Every request's time to its answer, in nanoseconds. */
    public long[] latencies() {
        return latencies.toArray();
    }

    /**
     * The {@code i}-th user as Entra creates it (§2.2): default mappings (userName, externalId, active,
     * displayName, name, work email, the enterprise extension's department and employeeNumber) and a
     * custom attribute sent as {@code metadata.city}, Entra's dotted name (§4).
     */
    static String user(String userName, int i) {
        return "{\"schemas\":[\"" + ScimClient.USER_SCHEMA + "\",\"" + ENTERPRISE + "\"],"
                + "\"externalId\":\"ext-" + userName + "\",\"userName\":\"" + userName + "\",\"active\":true,"
                + "\"displayName\":\"Bench User " + i + "\",\"name\":{\"givenName\":\"Bench\",\"familyName\":\"User " + i + "\"},"
                + "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"" + userName + "\"}],"
                + "\"" + ENTERPRISE + "\":{\"department\":\"Dept " + (i % 20) + "\",\"employeeNumber\":\"" + (100_000 + i) + "\"},"
                + "\"metadata.city\":\"City " + (i % 50) + "\"}";
    }

    private ScimClient.Answer send(String method, String path, String body) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try {
            return scim.send(method, path, body);
        } finally {
            latencies.add(System.nanoTime() - start);
        }
    }

    /** Whether a matching query found anything (or failed: then there is nothing to create either). */
    private static boolean matches(ScimClient.Answer query) {
        return query.status() != 200 || query.json().path("totalResults").asInt(-1) != 0;
    }

    private static String created(ScimClient.Answer answer) {
        return answer.status() == 201 ? answer.json().path("id").asText() : null;
    }
}
