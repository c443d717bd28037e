package dev.gatehouse.api.hostile;

import java.util.Random;

/**
 * Nesting: bodies whose total JSON depth is 10, 31, 32, 33, 100, 998 to 1,001 and 10,000 (and depths in
 * between), in arrays, objects or both, in unknown and extension attributes, in metadata and email
 * values, in PATCH values with and without a path, in group members. The depth counts every level of
 * the body, so a case at the API's parser limit is exactly at it — and the command that carries the
 * body one level deeper to the processor, and the result that carries it back, must still be handled.
 */
final class DepthFamily implements Family {
    private static final int[] DEPTHS = {10, Budget.JSON_DEPTH - 1, Budget.JSON_DEPTH, Budget.JSON_DEPTH + 1, 100, 998, 999, 1000,
        1001, 10_000};

    @Override
    public String name() {
        return "depth";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        int depth = index % 4 == 3 ? 4 + random.nextInt(1100) : DEPTHS[random.nextInt(DEPTHS.length)];
        int shape = random.nextInt(3);
        String leaf = new String[] {"\"x\"", "1", "null", "true"}[random.nextInt(4)];
        String unique = Long.toHexString(random.nextLong());
        String[] shapes = {"arrays", "objects", "arrays and objects"};
        Attack attack = switch (index % 8) {
            // wrapper levels: the body's own object, then the attribute's containers
            case 0 -> post(f, "unknown attribute", Json.user("d" + unique + "@hostile.test",
                    ",\"x\":" + Json.nested(depth - 1, shape, leaf)));
            case 1 -> post(f, "extension attribute", Json.user("d" + unique + "@hostile.test",
                    ",\"urn:x:deep:1.0:User\":{\"v\":" + Json.nested(depth - 2, shape, leaf) + "}"));
            case 2 -> post(f, "metadata value", Json.user("d" + unique + "@hostile.test",
                    ",\"metadata\":{\"city\":" + Json.nested(depth - 2, shape, leaf) + "}"));
            case 3 -> post(f, "email value", Json.user("d" + unique + "@hostile.test",
                    ",\"emails\":[{\"type\":\"work\",\"value\":" + Json.nested(depth - 3, shape, leaf) + "}]"));
            case 4 -> Attack.of("PUT user, deep unknown attribute", RawRequest.scim("PUT", "/Users/" + f.userId(), f.token(),
                    Json.user(f.userName(), ",\"x\":" + Json.nested(depth - 1, shape, leaf)))).probe(Attack.Probe.USER);
            case 5 -> Attack.of("PATCH user, deep value with path", RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                    Json.patch(Json.op(random.nextBoolean() ? "add" : "replace", random.nextBoolean() ? "x" : "metadata.city",
                            Json.nested(depth - 3, shape, leaf))))).probe(Attack.Probe.USER);
            case 6 -> Attack.of("PATCH user, deep no-path value", RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                    Json.patch(Json.op("add", null, Json.nested(depth - 3, 1, leaf))))).probe(Attack.Probe.USER);
            default -> Attack.of("PATCH group, deep member value", RawRequest.scim("PATCH", "/Groups/" + f.groupId(), f.token(),
                    Json.patch(Json.op("add", "members", "[{\"value\":" + Json.nested(depth - 5, shape, leaf) + "}]"))))
                    .probe(Attack.Probe.GROUP);
        };
        return new Attack("depth " + depth + " of " + shapes[shape] + ": " + attack.description(), attack.requests(),
                attack.expect(), attack.probe(), null).overBudget(depth > Budget.JSON_DEPTH, "JSON depth");
    }

    private static Attack post(Fixtures f, String where, String json) {
        return Attack.of("POST user, deep " + where, RawRequest.scim("POST", "/Users", f.token(), json));
    }
}
