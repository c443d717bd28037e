package dev.gatehouse.launcher.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.launcher.fault.UserModel.State;
import dev.gatehouse.scim.ScimJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The check after a fault, once the load is over: every write that got a 2xx is in the directory
 * exactly once, no user is in a state its writes could not have produced (nothing half-applied, no
 * write applied twice or out of order), and the door simulator holds exactly the directory.
 */
final class DirectoryCheck {
    private static final Duration DOOR_CONVERGENCE = Duration.ofSeconds(120);

    private final ProcessStack stack;
    private final String api;

    DirectoryCheck(ProcessStack stack) {
        this.stack = stack;
        this.api = stack.apiUrl(ProcessStack.Service.API_A);
    }

    /** Users and groups of one organization as the directory holds them. */
    record Directory(List<JsonNode> users, List<JsonNode> groups) {
    }

    /** Asserts all of the above for every organization of the load; returns the directories read. */
    Map<Organization, Directory> verify(FaultLoad load, List<Organization> orgs) {
        Map<Organization, Directory> directories = new HashMap<>();
        List<String> failures = new ArrayList<>();
        for (Organization org : orgs) {
            Directory directory = new Directory(list(org, "Users"), list(org, "Groups"));
            directories.put(org, directory);
            checkUsers(load, org, directory, failures);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " writes not reflected as answered:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(25, failures.size()))));
        }
        for (Organization org : orgs) {
            awaitDoorsEqual(org, directories.get(org));
        }
        return directories;
    }

    private void checkUsers(FaultLoad load, Organization org, Directory directory, List<String> failures) {
        Map<String, List<JsonNode>> byName = new HashMap<>();
        for (JsonNode user : directory.users()) {
            byName.computeIfAbsent(user.path("userName").asText().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(user);
        }
        Set<String> modelled = new HashSet<>();
        for (UserModel user : load.users()) {
            if (!user.tenantId.equals(org.id())) {
                continue;
            }
            modelled.add(user.userName.toLowerCase(Locale.ROOT));
            List<JsonNode> found = byName.getOrDefault(user.userName.toLowerCase(Locale.ROOT), List.of());
            Set<State> possible = user.possibleStates();
            if (found.size() > 1) {
                failures.add(user.userName + " is in the directory " + found.size() + " times; writes: " + user.history());
                continue;
            }
            int filtered = filterCount(org, user.userName);
            if (filtered != found.size()) {
                failures.add(user.userName + ": filter userName eq finds " + filtered + ", the list " + found.size());
            }
            State actual = found.isEmpty() ? State.ABSENT : state(found.get(0), user, failures);
            if (!possible.contains(actual)) {
                failures.add(user.userName + " is " + actual + ", its writes allow only " + possible
                        + "; writes: " + user.history());
            }
        }
        byName.keySet().stream().filter(n -> !modelled.contains(n))
                .forEach(n -> failures.add("the directory holds " + n + ", which no write created"));
    }

    private static State state(JsonNode user, UserModel model, List<String> failures) {
        int step = user.path("metadata").path("step").asInt(-1);
        if (!FaultLoad.displayName(model, step).equals(user.path("displayName").asText())) {
            failures.add(model.userName + ": displayName '" + user.path("displayName").asText()
                    + "' and metadata.step " + step + " come from different writes (half-applied)");
        }
        Set<String> groups = new HashSet<>();
        user.path("groups").forEach(g -> groups.add(g.path("value").asText()));
        return new State(true, user.path("active").asBoolean(true), step, Set.copyOf(groups), version(user));
    }

    private static long version(JsonNode resource) {
        String tag = resource.path("meta").path("version").asText("").replaceAll("[^0-9]", "");
        return tag.isEmpty() ? -1 : Long.parseLong(tag);
    }

    /** Polls until the door simulator holds exactly the directory, within a bound; then asserts it. */
    private void awaitDoorsEqual(Organization org, Directory directory) {
        Map<String, ObjectNode> expectedPersons = new TreeMap<>();
        for (JsonNode user : directory.users()) {
            List<String> groups = new ArrayList<>();
            user.path("groups").forEach(g -> groups.add(g.path("value").asText()));
            expectedPersons.put(user.path("id").asText(), person(user.path("id").asText(), user.path("userName").asText(),
                    user.path("active").asBoolean(true), groups, user.path("metadata"), version(user)));
        }
        Map<String, ObjectNode> expectedGroups = new TreeMap<>();
        for (JsonNode group : directory.groups()) {
            List<String> members = new ArrayList<>();
            group.path("members").forEach(m -> members.add(m.path("value").asText()));
            expectedGroups.put(group.path("id").asText(), group(group.path("id").asText(),
                    group.path("displayName").asText(), members));
        }
        long deadline = System.nanoTime() + DOOR_CONVERGENCE.toNanos();
        String difference;
        do {
            difference = doorDifference(org, expectedPersons, expectedGroups);
            if (difference == null) {
                return;
            }
            Organization.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the door simulator still differs from the directory of " + org.id() + " after "
                + DOOR_CONVERGENCE + ": " + difference);
    }

    private String doorDifference(Organization org, Map<String, ObjectNode> expectedPersons,
            Map<String, ObjectNode> expectedGroups) {
        String base = stack.simulatorUrl() + "/v1/tenants/" + org.id();
        Http.Answer persons = Http.get(base + "/persons", null);
        Http.Answer groups = Http.get(base + "/groups", null);
        if (!persons.ok() || !groups.ok()) {
            return "simulator answered " + persons + " / " + groups;
        }
        Map<String, ObjectNode> doorPersons = new TreeMap<>();
        for (JsonNode p : persons.json()) {
            List<String> ids = new ArrayList<>();
            p.path("groups").forEach(g -> ids.add(g.asText()));
            doorPersons.put(p.path("id").asText(), person(p.path("id").asText(), p.path("userName").asText(),
                    p.path("active").asBoolean(), ids, p.path("metadata"), p.path("version").asLong()));
        }
        Map<String, ObjectNode> doorGroups = new TreeMap<>();
        for (JsonNode g : groups.json()) {
            List<String> ids = new ArrayList<>();
            g.path("members").forEach(m -> ids.add(m.asText()));
            doorGroups.put(g.path("id").asText(), group(g.path("id").asText(), g.path("displayName").asText(), ids));
        }
        String people = difference("person", expectedPersons, doorPersons);
        String teams = difference("group", expectedGroups, doorGroups);
        return people == null && teams == null ? null : (people == null ? "" : people) + (teams == null ? "" : " " + teams);
    }

    private static String difference(String kind, Map<String, ObjectNode> expected, Map<String, ObjectNode> actual) {
        if (expected.equals(actual)) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (String id : new TreeSet<>(union(expected.keySet(), actual.keySet()))) {
            if (!java.util.Objects.equals(expected.get(id), actual.get(id))) {
                lines.add(kind + " " + id + ": directory " + expected.get(id) + ", door " + actual.get(id));
            }
        }
        return lines.size() + " " + kind + "s differ, e.g. " + String.join("; ", lines.subList(0, Math.min(5, lines.size())));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static ObjectNode person(String id, String userName, boolean active, List<String> groups, JsonNode metadata,
            long version) {
        ObjectNode out = ScimJson.mapper().createObjectNode().put("id", id).put("userName", userName).put("active", active);
        new TreeSet<>(groups).forEach(out.putArray("groups")::add);
        out.set("metadata", metadata.isObject() ? metadata.deepCopy() : ScimJson.mapper().createObjectNode());
        out.put("version", version);
        return out;
    }

    private static ObjectNode group(String id, String displayName, List<String> members) {
        ObjectNode out = ScimJson.mapper().createObjectNode().put("id", id).put("displayName", displayName);
        new TreeSet<>(members).forEach(out.putArray("members")::add);
        return out;
    }

    private List<JsonNode> list(Organization org, String endpoint) {
        List<JsonNode> all = new ArrayList<>();
        int start = 1;
        while (true) {
            Http.Answer page = retry(api + "/scim/v2/" + endpoint + "?startIndex=" + start + "&count=1000", org);
            JsonNode resources = page.json().path("Resources");
            resources.forEach(all::add);
            if (resources.size() == 0 || all.size() >= page.json().path("totalResults").asInt()) {
                return all;
            }
            start += resources.size();
        }
    }

    private int filterCount(Organization org, String userName) {
        return retry(api + "/scim/v2/Users?" + Http.filter("userName eq \"" + userName + "\""), org)
                .json().path("totalResults").asInt(-1);
    }

    private static Http.Answer retry(String url, Organization org) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Http.Answer answer;
        do {
            answer = Http.get(url, org.token());
            if (answer.ok()) {
                return answer;
            }
            Organization.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + url + " failed: " + answer);
    }
}
