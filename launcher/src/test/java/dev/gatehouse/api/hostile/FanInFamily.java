package dev.gatehouse.api.hostile;

import java.util.Random;

/**
 * Groups per user: every case creates a group with the same user of A (the "joiner", shared by all
 * workers) among its members, so over the run that user reaches and passes {@link Budget#GROUPS_PER_USER}
 * groups — each of its changes then carries all its group ids. The groups' names vary around the name
 * limit and in script, so each case is also a hostile create of its own. Past the limit the joiner is
 * left out of the new group (as an id that is not a user is) and the group is still created: that is
 * the documented answer, so it is not an over-budget acceptance.
 */
final class FanInFamily implements Family {
    @Override
    public String name() {
        return "fan-in";
    }

    @Override
    public Attack build(int index, Random random, Fixtures f) {
        int nameLength = new int[] {8, 64, Budget.NAME_CHARS - 1, Budget.NAME_CHARS, Budget.NAME_CHARS + 1}[random.nextInt(5)];
        String name = "fan-in " + index + " " + Text.filler(Math.max(1, nameLength - 12 - Integer.toString(index).length()),
                random.nextBoolean() ? "abcdefghij" : "\u00e4\u00f6\u00fc\u00df\u4e2d\u6587", random.nextInt(10)) + " "
                + Integer.toHexString(random.nextInt(0xfff));
        String members = "[" + Json.member(f.joinerId()) + (random.nextBoolean() ? "," + Json.member(f.member(index)) : "") + "]";
        return Attack.of("group #" + index + " with the joiner, name of " + name.length(), RawRequest.scim("POST", "/Groups", f.token(),
                Json.group(name, ",\"members\":" + members)))
                .overBudget(name.length() > Budget.NAME_CHARS, "name chars");
    }
}
