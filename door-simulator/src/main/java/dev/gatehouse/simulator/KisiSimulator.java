package dev.gatehouse.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.ScimJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.ConcurrencyUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The part of Kisi's REST API Gatehouse uses (docs/door-systems.md, "Kisi REST"), for tests and demos: {@code
 * /users}, {@code /groups}, {@code /role_assignments} with limit/offset paging and
 * {@code X-Collection-Range}; {@code Authorization: KISI-LOGIN <key>} (401 otherwise); a
 * per-second request limit answered with 429 + {@code Retry-After: 1} like Kisi's.
 *
 * <p>Fault injection: {@link #down} (every call 503), {@link #throttle} (the next n calls 429 with
 * a given Retry-After), {@link #rejectEmail} (creating or updating that user answers 422, until
 * cleared). Every request is recorded with its arrival time ({@link #requests()}), so a test can
 * check the rate a client kept from what the system saw. Drift: {@link #edit} changes a user as a
 * Kisi admin would.
 */
public final class KisiSimulator implements AutoCloseable {
    /** One request as the simulator saw it. */
    public record Request(long atNanos, String method, String path, int status) {
    }

    private final byte[] apiKey;
    private final int limitPerSecond;
    private final Javalin app;
    private final AtomicLong ids = new AtomicLong(1000);
    private final Map<String, ObjectNode> users = new TreeMap<>();
    private final Map<String, ObjectNode> groups = new TreeMap<>();
    private final Map<String, ObjectNode> assignments = new TreeMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Long> window = new ArrayDeque<>();
    private final List<String> mutations = new ArrayList<>();
    private volatile boolean down;
    private final AtomicInteger throttleNext = new AtomicInteger();
    private volatile long throttleRetryAfter = 1;
    private volatile String rejectedEmail;

    private KisiSimulator(int port, String apiKey, int limitPerSecond) {
        this.apiKey = ("KISI-LOGIN " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.limitPerSecond = limitPerSecond;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            // Javalin's default pool (8 to 250 threads), named so that its threads say which server they serve.
            cfg.jetty.threadPool = ConcurrencyUtil.jettyThreadPool("KisiSimulator", 8, 250, false);
            cfg.jetty.port = port;
            cfg.routes.get("/users", ctx -> guarded(ctx, () -> page(ctx, users, 50, 100, u -> true)));
            cfg.routes.post("/users", ctx -> guarded(ctx, () -> createUser(ctx)));
            cfg.routes.get("/users/{id}", ctx -> guarded(ctx, () -> one(ctx, users)));
            cfg.routes.patch("/users/{id}", ctx -> guarded(ctx, () -> updateUser(ctx)));
            cfg.routes.delete("/users/{id}", ctx -> guarded(ctx, () -> deleteUser(ctx)));
            cfg.routes.get("/groups", ctx -> guarded(ctx, () -> page(ctx, groups, 10, 250, g -> true)));
            cfg.routes.post("/groups", ctx -> guarded(ctx, () -> createGroup(ctx)));
            cfg.routes.patch("/groups/{id}", ctx -> guarded(ctx, () -> updateGroup(ctx)));
            cfg.routes.delete("/groups/{id}", ctx -> guarded(ctx, () -> deleteGroup(ctx)));
            cfg.routes.get("/role_assignments", ctx -> guarded(ctx, () -> page(ctx, assignments, 10, 250,
                    a -> ctx.queryParam("group_id") == null || a.path("group_id").asText().equals(ctx.queryParam("group_id")))));
            cfg.routes.post("/role_assignments", ctx -> guarded(ctx, () -> assign(ctx)));
            cfg.routes.delete("/role_assignments/{id}", ctx -> guarded(ctx, () -> {
                synchronized (this) {
                    remove(ctx, assignments, "unassign");
                }
            }));
        });
    }

    /** Starts on {@code port} (0 = any free port), accepting {@code apiKey}, at most {@code limitPerSecond} requests/s. */
    public static KisiSimulator start(int port, String apiKey, int limitPerSecond) {
        KisiSimulator simulator = new KisiSimulator(port, apiKey, limitPerSecond);
        simulator.app.start();
        return simulator;
    }

    public int port() {
        return app.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** While down, every call answers 503. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    /** The next {@code n} calls answer 429 with {@code Retry-After: retryAfterSeconds}. */
    public void throttle(int n, long retryAfterSeconds) {
        throttleRetryAfter = retryAfterSeconds;
        throttleNext.set(n);
    }

    /** Creating or updating a user with this e-mail answers 422 (null clears it). */
    public void rejectEmail(String email) {
        this.rejectedEmail = email;
    }

    /** Every request so far, in arrival order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Changes applied, in order: {@code create <email>}, {@code update <email> access=<bool>}, … */
    public synchronized List<String> mutations() {
        return List.copyOf(mutations);
    }

    /** The most requests that arrived within any one second. */
    public synchronized int maxRequestsPerSecond() {
        return maxRequestsPerSecond(0);
    }

    /** The most requests that arrived within any one second, counting from the {@code from}-th request. */
    public synchronized int maxRequestsPerSecond(int from) {
        int max = 0;
        int start = from;
        for (int i = from; i < requests.size(); i++) {
            while (requests.get(i).atNanos() - requests.get(start).atNanos() >= 1_000_000_000L) {
                start++;
            }
            max = Math.max(max, i - start + 1);
        }
        return max;
    }

    /** The users held, each as Kisi answers it. */
    public synchronized List<ObjectNode> users() {
        return users.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized Optional<ObjectNode> userByEmail(String email) {
        return users.values().stream().filter(u -> u.path("email").asText().equals(email)).findFirst().map(ObjectNode::deepCopy);
    }

    /** Group names → e-mails of their group_basic members. */
    public synchronized Map<String, List<String>> memberships() {
        Map<String, List<String>> out = new TreeMap<>();
        groups.values().forEach(g -> out.put(g.path("name").asText(), new ArrayList<>()));
        for (ObjectNode a : assignments.values()) {
            ObjectNode group = groups.get(a.path("group_id").asText());
            ObjectNode user = users.get(a.path("user_id").asText());
            if (group != null && user != null) {
                out.get(group.path("name").asText()).add(user.path("email").asText());
            }
        }
        out.values().forEach(l -> l.sort(String::compareTo));
        return out;
    }

    /** Drift: changes a user directly, as an admin in Kisi's dashboard would; no request is recorded. */
    public synchronized void edit(String email, java.util.function.Consumer<ObjectNode> change) {
        users.values().stream().filter(u -> u.path("email").asText().equals(email)).findFirst().ifPresent(change);
    }

    /** Drift: creates a user directly; returns its id. */
    public synchronized String addUser(String email, boolean accessEnabled) {
        ObjectNode user = entry().put("email", email).put("name", email).put("access_enabled", accessEnabled);
        user.putObject("metadata");
        users.put(user.path("id").asText(), user);
        return user.path("id").asText();
    }

    /** Drift: deletes a user directly. */
    public synchronized void removeUser(String email) {
        users.values().removeIf(u -> u.path("email").asText().equals(email));
    }

    private interface Handler {
        void handle() throws Exception;
    }

    private void guarded(Context ctx, Handler handler) throws Exception {
        long now = System.nanoTime();
        int status;
        synchronized (this) {
            while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
                window.pollFirst();
            }
            window.addLast(now);
            byte[] auth = Optional.ofNullable(ctx.header("Authorization")).orElse("").getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(auth, apiKey)) {
                status = error(ctx, 401, "Access denied");
            } else if (down) {
                status = error(ctx, 503, "Service unavailable");
            } else if (window.size() > limitPerSecond) {
                ctx.header("Retry-After", "1");
                status = error(ctx, 429, "Too many requests");
            } else if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ctx.header("Retry-After", Long.toString(throttleRetryAfter));
                status = error(ctx, 429, "Too many requests");
            } else {
                status = 0;
            }
        }
        if (status == 0) {
            handler.handle();
            status = ctx.statusCode();
        }
        synchronized (this) {
            requests.add(new Request(now, ctx.method().name(), ctx.path(), status));
        }
    }

    private synchronized void page(Context ctx, Map<String, ObjectNode> all, int defaultLimit, int maxLimit,
                                   Predicate<ObjectNode> filter) {
        int limit = Math.min(maxLimit, Integer.parseInt(Optional.ofNullable(ctx.queryParam("limit")).orElse("" + defaultLimit)));
        int offset = Integer.parseInt(Optional.ofNullable(ctx.queryParam("offset")).orElse("0"));
        if (offset > 20_000) {
            error(ctx, 422, "offset too large");
            return;
        }
        List<ObjectNode> matching = all.values().stream().filter(filter).toList();
        ArrayNode out = ScimJson.mapper().createArrayNode();
        matching.stream().skip(offset).limit(limit).forEach(out::add);
        ctx.header("X-Collection-Range", offset + "-" + (offset + out.size() - 1) + "/" + matching.size());
        json(ctx, 200, out);
    }

    private synchronized void one(Context ctx, Map<String, ObjectNode> all) {
        ObjectNode found = found(ctx, all);
        if (found != null) {
            json(ctx, 200, found);
        }
    }

    /** The entry the path's {@code id} names; null, answered 404, when there is none. */
    private static ObjectNode found(Context ctx, Map<String, ObjectNode> all) {
        ObjectNode found = all.get(ctx.pathParam("id"));
        if (found == null) {
            error(ctx, 404, "Not found");
        }
        return found;
    }

    /** The object under {@code root} of the request's JSON body (Kisi wraps each: {@code {"user": {…}}}). */
    private static JsonNode body(Context ctx, String root) throws IOException {
        return ScimJson.mapper().readTree(ctx.bodyAsBytes()).path(root);
    }

    private synchronized void createUser(Context ctx) throws Exception {
        JsonNode body = body(ctx, "user");
        if (invalid(ctx, body, true)) {
            return;
        }
        ObjectNode user = entry().put("email", body.path("email").asText()).put("name", body.path("name").asText(""))
                .put("access_enabled", body.path("access_enabled").asBoolean(true)).put("scim_access_enabled", true);
        user.set("metadata", body.path("metadata").isObject() ? body.get("metadata") : ScimJson.mapper().createObjectNode());
        created(ctx, users, user, "create " + user.path("email").asText() + " access=" + user.path("access_enabled").asBoolean());
    }

    private synchronized void updateUser(Context ctx) throws Exception {
        ObjectNode user = found(ctx, users);
        if (user == null) {
            return;
        }
        JsonNode body = body(ctx, "user");
        if (invalid(ctx, body.has("email") ? body : user, false)) {
            return;
        }
        for (String field : List.of("email", "name", "access_enabled", "metadata")) {
            if (body.has(field)) {
                user.set(field, body.get(field));
            }
        }
        mutations.add("update " + user.path("email").asText() + " access=" + user.path("access_enabled").asBoolean());
        ctx.status(204);
    }

    private boolean invalid(Context ctx, JsonNode user, boolean create) {
        String email = user.path("email").asText("");
        if (email.isEmpty() || email.equals(rejectedEmail)) {
            return invalid(ctx, "email", email.isEmpty() ? "can't be blank" : "is invalid");
        }
        JsonNode metadata = user.path("metadata");
        if (metadata.size() > 50 || metadata.properties().stream().anyMatch(e -> e.getValue().isContainerNode())) {
            return invalid(ctx, "metadata", "is invalid");
        }
        if (create && users.values().stream().anyMatch(u -> u.path("email").asText().equals(email))) {
            return invalid(ctx, "email", "has already been taken");
        }
        return false;
    }

    /** Answers 422 with Kisi's error body for one field: {@code {"errors": {field: [message]}}}; true. */
    private static boolean invalid(Context ctx, String field, String message) {
        ObjectNode errors = ScimJson.mapper().createObjectNode();
        errors.putObject("errors").putArray(field).add(message);
        json(ctx, 422, errors);
        return true;
    }

    private synchronized void deleteUser(Context ctx) {
        String id = ctx.pathParam("id");
        ObjectNode user = users.get(id);
        if (remove(ctx, users, "delete")) {
            assignments.values().removeIf(a -> a.path("user_id").asText().equals(id));
            mutations.set(mutations.size() - 1, "delete " + user.path("email").asText());
        }
    }

    private synchronized void createGroup(Context ctx) throws Exception {
        JsonNode body = body(ctx, "group");
        ObjectNode group = entry().put("name", body.path("name").asText()).put("description", body.path("description").asText(""));
        created(ctx, groups, group, "create group " + group.path("name").asText());
    }

    private synchronized void updateGroup(Context ctx) throws Exception {
        ObjectNode group = found(ctx, groups);
        if (group == null) {
            return;
        }
        JsonNode body = body(ctx, "group");
        body.properties().forEach(e -> group.set(e.getKey(), e.getValue()));
        mutations.add("update group " + group.path("name").asText());
        ctx.status(204);
    }

    private synchronized void deleteGroup(Context ctx) {
        String id = ctx.pathParam("id");
        if (remove(ctx, groups, "delete group")) {
            assignments.values().removeIf(a -> a.path("group_id").asText().equals(id));
        }
    }

    private synchronized void assign(Context ctx) throws Exception {
        JsonNode body = body(ctx, "role_assignment");
        if (!users.containsKey(body.path("user_id").asText()) || !groups.containsKey(body.path("group_id").asText())) {
            error(ctx, 422, "unknown user or group");
            return;
        }
        ObjectNode a = entry().put("user_id", body.path("user_id").asText()).put("role_id", body.path("role_id").asText())
                .put("type", "group").put("group_id", body.path("group_id").asText());
        created(ctx, assignments, a, "assign " + users.get(a.path("user_id").asText()).path("email").asText()
                + " " + groups.get(a.path("group_id").asText()).path("name").asText());
    }

    /** A new user, group or assignment: its next id, the rest to fill in. */
    private ObjectNode entry() {
        return ScimJson.mapper().createObjectNode().put("id", Long.toString(ids.incrementAndGet()));
    }

    /** Holds a new entry under its id, records the mutation and answers the entry. */
    private void created(Context ctx, Map<String, ObjectNode> all, ObjectNode entry, String mutation) {
        all.put(entry.path("id").asText(), entry);
        mutations.add(mutation);
        json(ctx, 200, entry);
    }

    private boolean remove(Context ctx, Map<String, ObjectNode> all, String what) {
        if (all.remove(ctx.pathParam("id")) == null) {
            error(ctx, 404, "Not found");
            return false;
        }
        mutations.add(what + " " + ctx.pathParam("id"));
        ctx.status(204);
        return true;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private static int error(Context ctx, int status, String message) {
        json(ctx, status, ScimJson.mapper().createObjectNode().put("error", message).put("code", "000000"));
        return status;
    }

    @Override
    public void close() {
        app.stop();
    }
}
