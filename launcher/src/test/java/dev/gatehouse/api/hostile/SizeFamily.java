package dev.gatehouse.api.hostile;

import dev.gatehouse.scim.entra.MetadataRules;
import java.util.Random;
import java.util.UUID;

/**
 * Sizes up to a few hundred KiB (the transport-sized ones are {@link TransportFamily}): bodies at 64,
 * 128 and 256 KiB and either side, names around 256 characters, many attributes, many multi-valued
 * elements, metadata at and past its documented limits (past them is a 400 today), and huge member
 * arrays on POST, PUT and PATCH of groups.
 */
final class SizeFamily implements Family {
    private static final int[] BODIES = {64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, Budget.RESOURCE_BYTES - 1, Budget.RESOURCE_BYTES,
        Budget.RESOURCE_BYTES + 1, Budget.BODY_BYTES - 1, Budget.BODY_BYTES, Budget.BODY_BYTES + 1, Budget.BODY_BYTES + 4096, 300_000};
    private static final int[] NAMES = {Budget.NAME_CHARS - 1, Budget.NAME_CHARS, Budget.NAME_CHARS + 1, 1000, 64 * 1024};
    private static final int[] VALUES = {Budget.MULTI_VALUES - 1, Budget.MULTI_VALUES, Budget.MULTI_VALUES + 1, 5000, 10_000};
    private static final int[] MEMBERS = {Budget.MEMBERS_PER_REQUEST - 1, Budget.MEMBERS_PER_REQUEST,
        Budget.MEMBERS_PER_REQUEST + 1, 5000, 10_000};
    private static final String[] MULTI = {"emails", "phoneNumbers", "roles", "addresses", "entitlements", "x509Certificates"};

    @Override
    public String name() {
        return "size";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        String unique = Long.toHexString(random.nextLong());
        return switch (index % 7) {
            case 0, 1 -> body(random, f, unique);
            case 2 -> names(random, f, unique);
            case 3 -> manyAttributes(random, f, unique);
            case 4 -> multiValued(random, f, unique);
            case 5 -> metadata(random, f, unique);
            default -> members(random, f, unique);
        };
    }

    private Attack body(Random random, Fixtures f, String unique) {
        int bytes = BODIES[random.nextInt(BODIES.length)];
        Attack a = switch (random.nextInt(4)) {
            case 0 -> Attack.of("POST user padded to " + bytes + " B", RawRequest.scim("POST", "/Users", f.token(),
                    Json.padTo(Json.user("s" + unique + "@hostile.test", ""), bytes)));
            case 1 -> Attack.of("PUT user padded to " + bytes + " B", RawRequest.scim("PUT", "/Users/" + f.userId(), f.token(),
                    Json.padTo(Json.user(f.userName(), ""), bytes))).probe(Attack.Probe.USER);
            case 2 -> {
                String head = Json.patch(Json.op("add", "title", "\"\""));
                int fill = Math.max(0, bytes - head.length());
                yield Attack.of("PATCH title of " + fill + " chars", RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                        Json.patch(Json.op("add", "title", "\"" + "t".repeat(fill) + "\"")))).probe(Attack.Probe.USER);
            }
            default -> Attack.of("POST group padded to " + bytes + " B", RawRequest.scim("POST", "/Groups", f.token(),
                    Json.padTo(Json.group("s" + unique, ""), bytes)));
        };
        return a.overBudget(bytes > Budget.BODY_BYTES, "body bytes").overBudget(bytes > Budget.RESOURCE_BYTES
                && bytes <= Budget.BODY_BYTES, "resource bytes");
    }

    private Attack names(Random random, Fixtures f, String unique) {
        int n = NAMES[random.nextInt(NAMES.length)];
        String name = Text.filler(n - unique.length(), "abcdefghijklmnopqrstuvwxyz", random.nextInt(26)) + unique;
        Attack a = switch (random.nextInt(5)) {
            case 0 -> Attack.of("userName of " + n, RawRequest.scim("POST", "/Users", f.token(), Json.user(name, "")));
            case 1 -> Attack.of("displayName of " + n, RawRequest.scim("POST", "/Groups", f.token(), Json.group(name, "")));
            case 2 -> Attack.of("externalId of " + n, RawRequest.scim("POST", "/Users", f.token(),
                    Json.user("s" + unique + "@hostile.test", ",\"externalId\":" + Text.quote(name))));
            case 3 -> Attack.of("member display of " + n, RawRequest.scim("PATCH", "/Groups/" + f.groupId(), f.token(),
                    Json.patch(Json.op("add", "members", "[{\"value\":\"" + f.member(3) + "\",\"display\":" + Text.quote(name) + "}]"))))
                    .probe(Attack.Probe.GROUP);
            default -> Attack.of("PATCH displayName of " + n, RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                    Json.patch(Json.op("replace", "displayName", Text.quote(name))))).probe(Attack.Probe.USER);
        };
        return a.overBudget(n > Budget.NAME_CHARS, "name chars");
    }

    private Attack manyAttributes(Random random, Fixtures f, String unique) {
        int n = new int[] {100, 1000, 10_000}[random.nextInt(3)];
        boolean extension = random.nextBoolean();
        String attrs = Json.object(n, "attr", 8, random);
        String extra = extension ? ",\"urn:x:many:1.0:User\":" + attrs : "," + attrs.substring(1, attrs.length() - 1);
        return Attack.of("POST user with " + n + (extension ? " extension" : " unknown top-level") + " attributes",
                RawRequest.scim("POST", "/Users", f.token(), Json.user("s" + unique + "@hostile.test", extra)));
    }

    private Attack multiValued(Random random, Fixtures f, String unique) {
        int n = VALUES[random.nextInt(VALUES.length)];
        String attr = MULTI[random.nextInt(MULTI.length)];
        String values = Json.array(n, i -> attr.equals("emails") ? Json.email(i, unique + ".test")
                : "{\"type\":\"work\",\"value\":\"" + attr + i + "\"}");
        Attack a = random.nextBoolean()
                ? Attack.of("POST user with " + n + " " + attr, RawRequest.scim("POST", "/Users", f.token(),
                        Json.user("s" + unique + "@hostile.test", ",\"" + attr + "\":" + values)))
                : Attack.of("PATCH add " + n + " " + attr, RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(),
                        Json.patch(Json.op("replace", attr, values)))).probe(Attack.Probe.USER);
        return a.overBudget(n > Budget.MULTI_VALUES, "values per attribute");
    }

    /** Metadata's limits exist today ({@link MetadataRules}): at them is accepted, past them refused. */
    private Attack metadata(Random random, Fixtures f, String unique) {
        int maxKeys = MetadataRules.MAX_KEYS;
        int maxKey = MetadataRules.MAX_KEY_LENGTH;
        int maxValue = MetadataRules.MAX_VALUE_LENGTH;
        int keys = new int[] {maxKeys - 1, maxKeys, maxKeys + 1, 10 * maxKeys}[random.nextInt(4)];
        int keyLength = new int[] {10, maxKey - 1, maxKey, maxKey + 1}[random.nextInt(4)];
        int valueLength = new int[] {1, maxValue - 1, maxValue, maxValue + 1, 10 * maxValue}[random.nextInt(5)];
        if (keys > maxKeys + 1) {
            valueLength = Math.min(valueLength, maxValue + 1);
        }
        StringBuilder m = new StringBuilder("{");
        for (int i = 0; i < keys; i++) {
            String key = String.format("%0" + keyLength + "d", i);
            m.append(i == 0 ? "" : ",").append('"').append(key).append("\":\"").append("v".repeat(valueLength)).append('"');
        }
        String metadata = m.append('}').toString();
        boolean over = keys > maxKeys || keyLength > maxKey || valueLength > maxValue;
        if (random.nextBoolean()) {
            return Attack.of("POST user, metadata " + keys + " keys × " + keyLength + " chars = " + valueLength + " chars",
                    RawRequest.scim("POST", "/Users", f.token(), Json.user("s" + unique + "@hostile.test", ",\"metadata\":" + metadata)))
                    .expect(over ? Attack.Expect.rejected() : Attack.Expect.accepted());
        }
        // A PATCH replace merges into the metadata already there (RFC 7644 §3.5.2.3), so only "over" is certain.
        return Attack.of("PATCH metadata " + keys + " keys × " + keyLength + " chars = " + valueLength + " chars",
                RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(), Json.patch(Json.op("replace", "metadata", metadata))))
                .probe(Attack.Probe.USER).expect(over ? Attack.Expect.rejected() : Attack.Expect.ANY);
    }

    private Attack members(Random random, Fixtures f, String unique) {
        int n = MEMBERS[random.nextInt(MEMBERS.length)];
        String members = Json.array(n, i -> Json.member(i % 4 == 0 ? f.member(i) : UUID.randomUUID().toString()));
        Attack a = switch (random.nextInt(3)) {
            case 0 -> Attack.of("POST group with " + n + " members", RawRequest.scim("POST", "/Groups", f.token(),
                    Json.group("s" + unique, ",\"members\":" + members)));
            case 1 -> Attack.of("PUT group with " + n + " members", RawRequest.scim("PUT", "/Groups/" + f.groupId(), f.token(),
                    Json.group("anchor group " + f.worker(), ",\"members\":" + members))).probe(Attack.Probe.GROUP);
            default -> Attack.of("PATCH add " + n + " members", RawRequest.scim("PATCH", "/Groups/" + f.groupId(), f.token(),
                    Json.patch(Json.op("add", "members", members)))).probe(Attack.Probe.GROUP);
        };
        return a.overBudget(n > Budget.MEMBERS_PER_REQUEST, "members per request");
    }
}
