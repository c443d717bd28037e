package dev.gatehouse.processor.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.processor.store.Directory;
import dev.gatehouse.processor.store.MemberNames;
import dev.gatehouse.processor.store.Views;
import dev.gatehouse.scim.filter.ScimFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers a filter with the cheapest access path: an equality on id, userName, a group's
 * displayName or externalId from the indexes, and {@code members.value eq} from the memberships
 * store, each in O(result); anything else by evaluating the filter
 * against each of the tenant's resources in read form (so {@code members.value} and
 * {@code groups.value} filters see the membership).
 */
record FilterPlanner(Directory directory, ResourceType type, String tenantId) {
    /** Ids of the matching resources in id order; {@code filter} null matches all. */
    List<String> matchingIds(ScimFilter filter) {
        if (filter == null) {
            List<String> ids = new ArrayList<>();
            directory.forEach(type, tenantId, (id, stored) -> ids.add(id));
            return ids;
        }
        Optional<String> member = type == ResourceType.GROUP ? filter.memberEquality() : Optional.empty();
        if (member.isPresent()) {
            // The groups of a user, from the user's side of the memberships store.
            return directory.groupsOf(tenantId, member.get());
        }
        Optional<List<String>> indexed = filter.indexableEquality().flatMap(this::fromIndexes);
        return indexed.orElseGet(() -> scan(filter));
    }

    private Optional<List<String>> fromIndexes(ScimFilter.Equality equality) {
        String value = equality.value();
        return switch (equality.attribute()) {
            case "id" -> Optional.of(directory.find(type, tenantId, value).map(s -> List.of(value)).orElse(List.of()));
            case "externalId" -> Optional.of(byExternalId(value));
            case "userName" -> type == ResourceType.USER ? Optional.of(byName(value)) : Optional.empty();
            case "displayName" -> type == ResourceType.GROUP ? Optional.of(byName(value)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private List<String> byName(String value) {
        return directory.idByName(type, tenantId, value).map(List::of).orElse(List.of());
    }

    private List<String> byExternalId(String value) {
        // externalId may itself contain '/', so a prefix hit is confirmed against the resource.
        return directory.idsByExternalId(type, tenantId, value).stream()
                .filter(id -> directory.find(type, tenantId, id)
                        .map(s -> value.equals(s.resource().path("externalId").asText(null)))
                        .orElse(false))
                .sorted()
                .toList();
    }

    private List<String> scan(ScimFilter filter) {
        List<String> ids = new ArrayList<>();
        directory.forEach(type, tenantId, (id, stored) -> {
            JsonNode candidate = Views.readForm(type, stored.resource(), directory.related(type, tenantId, id),
                    MemberNames.of(directory, tenantId, id)); // as a GET shows it, so members.display filters see names
            if (filter.matches(candidate)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
