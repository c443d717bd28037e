package dev.gatehouse.launcher.fault;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one user's writes may have left behind. A user's writes are sequential, so the processor
 * applies them in the order sent; a write that got a 2xx was applied, one refused before it reached
 * the API was not, and one with an unknown outcome (503, a dropped connection) may or may not have
 * been. The possible final states are therefore the states after every 2xx write plus any subset of
 * the unknown ones, in order — a finite, small set the directory's state must be in.
 */
final class UserModel {
    /** What the directory holds for the user; {@code version} counts the changes applied. */
    record State(boolean exists, boolean active, int step, Set<String> groups, long version) {
        static final State ABSENT = new State(false, false, -1, Set.of(), 0);

        @Override
        public String toString() {
            return exists ? "{active=" + active + ", step=" + step + ", groups=" + new TreeSet<>(groups)
                    + ", version=" + version + "}" : "{absent}";
        }
    }

    /** One write of the user's script. */
    sealed interface Step {
        State apply(State s);
    }

    record Create() implements Step {
        @Override
        public State apply(State s) {
            return s.exists() ? s : new State(true, true, 0, Set.of(), 1);
        }
    }

    record Patch(boolean active, int step) implements Step {
        @Override
        public State apply(State s) {
            if (!s.exists() || s.active() == active && s.step() == step) {
                return s;
            }
            return new State(true, active, step, s.groups(), s.version() + 1);
        }
    }

    /** Adds ({@code join}) or removes the user as a member of a group, by a PATCH of the group. */
    record Membership(String groupId, boolean join) implements Step {
        @Override
        public State apply(State s) {
            if (!s.exists() || s.groups().contains(groupId) == join) {
                return s;
            }
            Set<String> groups = new HashSet<>(s.groups());
            if (join) {
                groups.add(groupId);
            } else {
                groups.remove(groupId);
            }
            return new State(true, s.active(), s.step(), Set.copyOf(groups), s.version() + 1);
        }
    }

    record Delete() implements Step {
        @Override
        public State apply(State s) {
            return State.ABSENT;
        }
    }

    enum Outcome { OK, NOT_APPLIED, UNKNOWN }

    record Write(Step step, Outcome outcome) {
    }

    private static final int MAX_UNKNOWN = 16;

    final String tenantId;
    final String userName;
    final List<Step> script;
    /** Every write sent, with its outcome, in order. */
    final List<Write> writes = new ArrayList<>();
    /** The id the API assigned, once a create was answered (or found after a 409). */
    volatile String id;

    UserModel(String tenantId, String userName, List<Step> script) {
        this.tenantId = tenantId;
        this.userName = userName;
        this.script = List.copyOf(script);
    }

    synchronized void record(Step step, Outcome outcome) {
        writes.add(new Write(step, outcome));
    }

    /** Whether any create of this user got a 2xx (or a 409 showing an earlier one was applied). */
    synchronized boolean createConfirmed() {
        return writes.stream().anyMatch(w -> w.step() instanceof Create && w.outcome() == Outcome.OK);
    }

    /** The states the directory may hold for this user. */
    synchronized Set<State> possibleStates() {
        List<Write> sent = writes.stream().filter(w -> w.outcome() != Outcome.NOT_APPLIED).toList();
        // A create repeated until it is answered: an unknown attempt right before another create changes
        // nothing the later one would not (the user exists after either), so only the last one counts.
        List<Write> relevant = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            boolean repeated = sent.get(i).step() instanceof Create && sent.get(i).outcome() == Outcome.UNKNOWN
                    && i + 1 < sent.size() && sent.get(i + 1).step() instanceof Create;
            if (!repeated) {
                relevant.add(sent.get(i));
            }
        }
        long unknown = relevant.stream().filter(w -> w.outcome() == Outcome.UNKNOWN).count();
        if (unknown > MAX_UNKNOWN) {
            throw new IllegalStateException(userName + " has " + unknown + " unknown outcomes: too many to decide");
        }
        Set<State> states = new LinkedHashSet<>();
        for (int mask = 0; mask < 1 << unknown; mask++) {
            State s = State.ABSENT;
            int bit = 0;
            for (Write w : relevant) {
                boolean applied = w.outcome() == Outcome.OK || (mask & 1 << bit) != 0;
                if (w.outcome() == Outcome.UNKNOWN) {
                    bit++;
                }
                if (applied) {
                    s = w.step().apply(s);
                }
            }
            states.add(s);
        }
        return states;
    }

    synchronized String history() {
        StringBuilder out = new StringBuilder();
        writes.forEach(w -> out.append(w.step()).append("→").append(w.outcome()).append(' '));
        return out.toString().trim();
    }
}
