package dev.gatehouse.sync.connector;

import java.util.List;

/**
 * The answer to a list call: the items when the door system answered ({@code outcome} is
 * {@link PushOutcome.Applied}), otherwise no items and why.
 */
public record Listing<T>(List<T> items, PushOutcome outcome) {
    public Listing {
        items = List.copyOf(items);
    }

    public static <T> Listing<T> of(List<T> items) {
        return new Listing<>(items, PushOutcome.applied());
    }

    public static <T> Listing<T> failed(PushOutcome outcome) {
        return new Listing<>(List.of(), outcome);
    }

    public boolean ok() {
        return outcome instanceof PushOutcome.Applied;
    }
}
