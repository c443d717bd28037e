package dev.gatehouse.api.hostile;

import java.util.Random;
import java.util.UUID;

/**
 * PATCH shapes (RFC 7644 §3.5.2 and both Entra dialects): many operations, no-path values with many
 * keys, paths with filters, remove without a path, members added and removed by the thousand (real,
 * garbage and malformed ids), member lists replaced with thousands, operations on read-only
 * attributes, wrong types, and Entra's variants. Every rejected PATCH must leave the target as it was.
 */
final class PatchFamily implements Family {
    private static final int[] OPERATIONS = {1, Budget.PATCH_OPERATIONS - 1, Budget.PATCH_OPERATIONS, Budget.PATCH_OPERATIONS + 1,
        1000, 10_000};
    private static final int[] MEMBERS = {1, Budget.MEMBERS_PER_REQUEST - 1, Budget.MEMBERS_PER_REQUEST,
        Budget.MEMBERS_PER_REQUEST + 1, 5000, 10_000};
    private static final String[] FILTERED_PATHS = {"emails[type eq \"work\"].value", "emails[value eq \"x@hostile.test\"]",
        "phoneNumbers[type eq \"mobile\"].value", "addresses[type eq \"work\"].streetAddress", "roles[primary eq \"True\"].value",
        "emails[type eq \"work\" and primary eq true].value", "emails[" + "(".repeat(100) + "type eq \"work\"" + ")".repeat(100) + "].value",
        "emails[value eq \"" + "v".repeat(3000) + "\"].value", "emails[type eq \"work\"]", "emails[type eq \"work\"].value.x",
        "members[value eq \"nobody\"]", "emails[not(type eq \"work\")].display", "x[y eq \"z\"].w"};
    private static final String[][] READ_ONLY = {{"replace", "id", "\"new-id\""}, {"replace", "meta.created", "\"2000-01-01T00:00:00Z\""},
        {"add", "meta", "{\"version\":\"W/\\\"1\\\"\"}"}, {"remove", "id", null}, {"replace", "groups", "[{\"value\":\"g\"}]"},
        {"replace", "schemas", "[]"}, {"replace", "meta.version", "\"W/\\\"999\\\"\""}, {"remove", "userName", null},
        {"replace", "members", "[]"}, {"remove", "schemas", null}};
    private static final String[][] WRONG_TYPES = {{"replace", "active", "\"yes\""}, {"replace", "active", "1"},
        {"replace", "emails", "\"e@x\""}, {"replace", "emails", "{}"}, {"replace", "displayName", "[1,2]"}, {"add", "members", "\"x\""},
        {"add", "members", "[1,2,3]"}, {"replace", "displayName", null}, {"replace", "name", "\"flat\""}, {"add", "metadata", "[1]"},
        {"replace", "active", "{}"}, {"add", "emails", "[null]"}, {"replace", "userName", "12"}, {"add", "", "{}"}};

    @Override
    public String name() {
        return "patch";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        return switch (index % 10) {
            case 0 -> manyOperations(random, f);
            case 1 -> noPathManyKeys(random, f);
            case 2 -> onUser(f, "filtered path", Json.op(random.nextBoolean() ? "add" : "replace",
                    FILTERED_PATHS[random.nextInt(FILTERED_PATHS.length)], "\"p@hostile.test\""));
            case 3 -> onUser(f, "remove without path", "{\"op\":\"remove\"}").expect(Attack.Expect.rejected());
            case 4, 5 -> members(random, f, index % 10 == 4 ? "add" : "remove");
            case 6 -> replaceMembers(random, f);
            case 7 -> {
                String[] op = READ_ONLY[random.nextInt(READ_ONLY.length)];
                yield random.nextBoolean() ? onUser(f, "read-only " + op[1], Json.op(op[0], op[1], op[2]))
                        : onGroup(f, "read-only " + op[1], Json.op(op[0], op[1].equals("members") ? "id" : op[1], op[2]));
            }
            case 8 -> wrongType(random, f);
            default -> entra(random, f);
        };
    }

    private static Attack onUser(Fixtures f, String what, String... operations) {
        return Attack.of("PATCH user: " + what, RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(), Json.patch(operations)))
                .probe(Attack.Probe.USER);
    }

    private static Attack onGroup(Fixtures f, String what, String... operations) {
        return Attack.of("PATCH group: " + what, RawRequest.scim("PATCH", "/Groups/" + f.groupId(), f.token(), Json.patch(operations)))
                .probe(Attack.Probe.GROUP);
    }

    private Attack manyOperations(Random random, Fixtures f) {
        int n = OPERATIONS[random.nextInt(OPERATIONS.length)];
        int kind = random.nextInt(3);
        String[] ops = new String[n];
        for (int i = 0; i < n; i++) {
            ops[i] = switch (kind) {
                case 0 -> Json.op("replace", "displayName", "\"n" + i + "\"");
                case 1 -> Json.op("add", "emails", "[" + Json.email(i, "ops.test") + "]");
                default -> Json.op("add", "metadata.k" + (i % 60), "\"v" + i + "\"");
            };
        }
        return onUser(f, n + " operations of kind " + kind, ops).overBudget(n > Budget.PATCH_OPERATIONS, "PATCH operations");
    }

    private Attack noPathManyKeys(Random random, Fixtures f) {
        int n = new int[] {10, 49, 50, 51, 500, 5000}[random.nextInt(6)];
        StringBuilder value = new StringBuilder("{\"displayName\":\"Keys\"");
        for (int i = 0; i < n; i++) {
            String key = switch (i % 3) {
                case 0 -> "metadata.k" + i;
                case 1 -> Json.ENTERPRISE + ":department" + i;
                default -> "unknown" + i;
            };
            value.append(",\"").append(key).append("\":\"v").append(i).append('"');
        }
        return onUser(f, "no-path value with " + n + " keys", Json.op("add", null, value.append('}').toString()));
    }

    /** Real members, unknown UUIDs, and ids that are not ids at all. */
    private static String memberId(int i, Random random, Fixtures f) {
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> f.member(i);
            case 3, 4 -> UUID.randomUUID().toString();
            case 5 -> "";
            case 6 -> "x".repeat(1 + random.nextInt(1000));
            default -> Text.utf8AsLatin1("\u00fc") + i;
        };
    }

    private Attack members(Random random, Fixtures f, String op) {
        int n = MEMBERS[random.nextInt(MEMBERS.length)];
        String value = Json.array(n, i -> random.nextInt(50) == 0 ? (random.nextBoolean() ? "null" : "{\"value\":" + i + "}")
                : Json.member(memberId(i, random, f)));
        String capital = random.nextBoolean() ? op : Character.toUpperCase(op.charAt(0)) + op.substring(1);
        return onGroup(f, capital + " " + n + " members", Json.op(capital, "members", value))
                .overBudget(n > Budget.MEMBERS_PER_REQUEST, "members per request");
    }

    private Attack replaceMembers(Random random, Fixtures f) {
        int n = new int[] {0, Budget.MEMBERS_PER_REQUEST, Budget.MEMBERS_PER_REQUEST + 1, 3000, 10_000}[random.nextInt(5)];
        String value = Json.array(n, i -> Json.member(memberId(i, random, f)));
        return (random.nextBoolean() ? onGroup(f, "replace members with " + n, Json.op("replace", "members", value))
                : onGroup(f, "no-path replace with " + n + " members", Json.op("replace", null, "{\"members\":" + value + "}")))
                .overBudget(n > Budget.MEMBERS_PER_REQUEST, "members per request");
    }

    private Attack wrongType(Random random, Fixtures f) {
        String[] op = WRONG_TYPES[random.nextInt(WRONG_TYPES.length)];
        return switch (random.nextInt(4)) {
            case 0 -> onGroup(f, "wrong type " + op[1], Json.op(op[0], op[1], op[2]));
            case 1 -> Attack.of("PATCH user: malformed envelope", RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                    new String[] {"{\"Operations\":{}}", "{\"Operations\":\"x\"}", "{\"Operations\":[1]}", "{\"Operations\":[{}]}",
                        "{\"Operations\":[{\"op\":1}]}", "{\"Operations\":[{\"op\":\"add\",\"path\":1,\"value\":1}]}", "{}",
                        "{\"schemas\":\"x\",\"Operations\":[]}", "{\"Operations\":null}", "{\"Operations\":[null]}"}[random.nextInt(10)]))
                    .expect(Attack.Expect.rejected()).probe(Attack.Probe.USER);
            default -> onUser(f, "wrong type " + op[1], Json.op(op[0], op[1], op[2]));
        };
    }

    private Attack entra(Random random, Fixtures f) {
        String manager = new String[] {"{\"value\":\"" + f.member(1) + "\"}", "\"" + f.member(2) + "\"", "null", "{\"value\":\"\"}",
            "{\"value\":null}", "{\"value\":\"" + UUID.randomUUID() + "\"}"}[random.nextInt(6)];
        return switch (random.nextInt(6)) {
            case 0 -> onUser(f, "Entra Replace active \"True\"", Json.op("Replace", "active", "\"True\""));
            case 1 -> onUser(f, "Entra no-path dotted and URN keys", Json.op("Add", null, "{\"metadata.city\":\"Paris\",\""
                    + Json.ENTERPRISE + ":department\":\"D\",\"name.givenName\":\"G\",\"emails[type eq \\\"work\\\"].value\":\"w@x.test\"}"));
            case 2 -> onUser(f, "Entra manager shape", Json.op("Add", Json.ENTERPRISE + ":manager", manager));
            case 3 -> onGroup(f, "Entra Remove members with a value array", Json.op("Remove", "members",
                    "[" + Json.member(f.member(5)) + "," + Json.member(UUID.randomUUID().toString()) + "]"));
            case 4 -> Attack.of("PATCH user: lowercase operations key", RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                    "{\"schemas\":[\"" + Json.PATCH_OP + "\"],\"operations\":[" + Json.op("replace", "title", "\"lower\"") + "]}"))
                    .probe(Attack.Probe.USER);
            default -> onUser(f, "Entra remove of an absent filtered element", Json.op("remove",
                    "emails[type eq \"" + Text.filler(1 + random.nextInt(300), "abc", 1) + "\"]", null));
        };
    }
}
