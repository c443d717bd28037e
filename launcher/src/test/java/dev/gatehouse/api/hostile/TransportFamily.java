package dev.gatehouse.api.hostile;

import java.util.List;
import java.util.Random;

/**
 * Bodies around what the transport takes ({@link Budget#TRANSPORT_BYTES}, the body limit) and around
 * 1 MiB (Kafka's default record size, where bodies once wedged the processor), with Content-Length or chunked
 * (where only the bytes read tell the size), in the shapes that get stored (a padded extension
 * attribute, a huge userName, a huge PATCH value), and as two writes of half the size each that
 * together make one stored user that large. Whatever is refused must be refused before it
 * reaches Kafka or the processor: a command, result or state record a little over Kafka's 1 MiB record
 * limit must not exist. Run on one worker, smallest first, after every other family.
 */
final class TransportFamily implements Family {
    private static final int ONE_MIB = 1 << 20;
    /** Around the body limit, and around Kafka's default 1 MiB record, where bodies once wedged the processor. */
    private static final int[] EPSILONS = {-(128 * 1024), -65536, -8192, -4096, -2000, -1000, -500, -100, -16, -1, 0, 1, 100,
        4096, ONE_MIB - Budget.TRANSPORT_BYTES - 800, ONE_MIB - Budget.TRANSPORT_BYTES - 500, ONE_MIB - Budget.TRANSPORT_BYTES,
        ONE_MIB - Budget.TRANSPORT_BYTES + 1};

    @Override
    public String name() {
        return "transport";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        // Each size in every shape, smallest first: 7 × 18 cases walk all sizes once.
        int shapes = 7;
        int epsilon = EPSILONS[index / shapes % EPSILONS.length];
        int bytes = Budget.TRANSPORT_BYTES + epsilon;
        String unique = Long.toHexString(random.nextLong());
        String size = bytes + " bytes";
        Attack a = switch (index % shapes) {
            case 0 -> Attack.of("POST user padded to " + size, RawRequest.scim("POST", "/Users", f.token(),
                    Json.padTo(Json.user("t" + unique + "@hostile.test", ""), bytes)));
            case 1 -> Attack.of("POST user, userName making " + size, RawRequest.scim("POST", "/Users", f.token(),
                    "{\"userName\":\"" + "u".repeat(Math.max(1, bytes - 15)) + "\"}"));
            case 2 -> Attack.of("PUT user padded to " + size, RawRequest.scim("PUT", "/Users/" + f.userId(), f.token(),
                    Json.padTo(Json.user(f.userName(), ""), bytes))).probe(Attack.Probe.USER);
            case 3 -> Attack.of("PATCH (pad removed, title added) making " + size, RawRequest.scim("PATCH", "/Users/" + f.userId(),
                    f.token(), titlePatch(bytes))).probe(Attack.Probe.USER);
            case 4 -> Attack.of("chunked POST user padded to " + size, RawRequest.scim("POST", "/Users", f.token(),
                    Json.padTo(Json.user("t" + unique + "@hostile.test", ""), bytes)).chunked(16 * 1024 + random.nextInt(4096)));
            case 5 -> Attack.of("POST group padded to " + size, RawRequest.scim("POST", "/Groups", f.token(),
                    Json.padTo(Json.group("t" + unique, ""), bytes)));
            // Each request half the size: only the stored user they make together is as large.
            default -> Attack.of("PUT user padded to half of " + size + ", then PATCH a title of the other half",
                    List.of(RawRequest.scim("PUT", "/Users/" + f.userId(), f.token(), Json.padTo(Json.user(f.userName(), ""), bytes / 2)),
                            RawRequest.scim("PATCH", "/Users/" + f.userId(), f.token(), titlePatch(bytes / 2))));
        };
        return a.overBudget(bytes > Budget.BODY_BYTES, "body bytes");
    }

    /** A PATCH of exactly {@code bytes}: the padding attribute removed, a title added that fills the rest. */
    private static String titlePatch(int bytes) {
        String remove = Json.op("remove", "urn:x:pad:1.0:User", null);
        String empty = Json.patch(remove, Json.op("add", "title", "\"\""));
        return Json.patch(remove, Json.op("add", "title", "\"" + "t".repeat(Math.max(0, bytes - empty.length())) + "\""));
    }
}
