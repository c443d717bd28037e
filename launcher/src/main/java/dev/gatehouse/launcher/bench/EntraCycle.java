package dev.gatehouse.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An Entra ID initial provisioning cycle of one organization, with Entra's call pattern and requests
 * ({@link EntraClient}; docs/entra-id.md §2.1, §3): for each user a matching query, a POST, then a
 * manager PATCH; for each group a matching query (members excluded), a POST, then member PATCHes of at
 * most 100 members.
 */
public final class EntraCycle {
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
        EntraClient entra = new EntraClient(scim);
        AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(users);
        long start = System.nanoTime();
        LoadDriver.Result created = LoadDriver.run("cycle users", clients, users, i -> {
            ids.set(i, entra.createUser("cycle-" + run + "-" + i + "@contoso.test", i));
            return ids.get(i) != null;
        });
        // Managers are set once both ends exist: every tenth user manages the nine after it.
        LoadDriver.Result managed = LoadDriver.run("cycle managers", clients, users, i -> {
            String manager = ids.get(i / 10 * 10);
            return i % 10 == 0 || manager == null || ids.get(i) == null || entra.setManager(ids.get(i), manager);
        });
        int perGroup = groups == 0 ? 0 : memberships / groups;
        LoadDriver.Result grouped = LoadDriver.run("cycle groups", clients, groups, g -> {
            String groupId = entra.createGroup("cycle-" + run + "-group-" + g);
            if (groupId == null) {
                return false;
            }
            List<String> members = new ArrayList<>(perGroup);
            for (int m = 0; m < perGroup; m++) {
                String member = ids.get((g * perGroup + m) % users);
                if (member != null) {
                    members.add(member);
                }
            }
            return entra.addMembers(groupId, members);
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(users, groups, perGroup * groups, entra.requests(),
                created.errors() + managed.errors() + grouped.errors(), seconds);
    }
}
