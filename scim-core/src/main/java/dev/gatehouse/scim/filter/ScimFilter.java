package dev.gatehouse.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.limits.Limits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed SCIM filter (RFC 7644 §3.4.2.2). Parsing and evaluation are UnboundID's ({@code Filter},
 * {@code FilterEvaluator}); {@link FilterText} first makes Entra's lenient forms strict, and resources
 * are matched with lowercased keys because attribute names are case-insensitive (RFC 7643 §2.1).
 * Immutable and thread-safe.
 */
public final class ScimFilter {
    private static final Map<String, String> INDEXABLE = Map.of(
            "username", "userName", "externalid", "externalId", "displayname", "displayName", "id", "id");

    /** An equality the indexes can answer: {@code attribute} is one of userName, externalId, displayName, id. */
    public record Equality(String attribute, String value) {
    }

    private final String text;
    private final Filter filter;

    private ScimFilter(String text, Filter filter) {
        this.text = text;
        this.filter = filter;
    }

    /** Parses {@code filter}; a 400 {@code invalidFilter} ScimException when it is not a filter. */
    public static ScimFilter parse(String filter) {
        checkLimits(filter);
        String strict = FilterText.normalize(filter);
        try {
            return new ScimFilter(filter, Filter.fromString(strict));
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw ScimException.invalidFilter("Invalid filter '" + filter + "': " + e.getMessage());
        } catch (RuntimeException e) {
            // The SDK's parser throws ClassCastException for a JSON array or object where a comparison
            // value belongs (userName eq [1]); that is bad input too, never a 500.
            throw ScimException.invalidFilter("Invalid filter '" + filter + "': a comparison value must be a string, "
                    + "number, boolean or null");
        }
    }

    /**
     * A 400 {@code invalidFilter} when {@code filter} is empty, longer than {@link Limits#FILTER_CHARS}
     * or nested deeper than {@link Limits#FILTER_DEPTH}: a cheap scan, without recursion, so the API can
     * refuse a filter before it is parsed or forwarded, and the parser never meets a hostile depth.
     */
    public static void checkLimits(String filter) {
        if (filter == null || filter.isBlank()) {
            throw ScimException.invalidFilter("The filter is empty");
        }
        if (filter.length() > Limits.FILTER_CHARS) {
            throw ScimException.invalidFilter("The filter is " + filter.length() + " characters long; at most "
                    + Limits.FILTER_CHARS + " are allowed");
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '[') {
                if (++depth > Limits.FILTER_DEPTH) {
                    throw ScimException.invalidFilter("The filter is nested deeper than " + Limits.FILTER_DEPTH
                            + " levels");
                }
            } else if (c == ')' || c == ']') {
                depth--;
            }
        }
    }

    /** Whether {@code resource} matches. A 400 {@code invalidFilter} if the filter cannot apply (gt on a boolean). */
    public boolean matches(JsonNode resource) {
        if (resource == null) {
            return false;
        }
        try {
            return filter.visit(CaseRulesEvaluator.INSTANCE, lowercaseKeys(resource));
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw ScimException.invalidFilter("Filter '" + text + "' cannot be evaluated: " + e.getMessage());
        }
    }

    /**
     * The filter as a single indexable equality, when it is one: {@code eq} with a string value on
     * userName, externalId, displayName or id (any case, optionally core-URN-qualified); the attribute
     * is returned in canonical case and the value as sent. userName and displayName compare ignoring
     * case (RFC 7643 caseExact false), so an index on them must be keyed case-insensitively.
     */
    public Optional<Equality> indexableEquality() {
        if (filter.getFilterType() != FilterType.EQUAL || !filter.getComparisonValue().isTextual()) {
            return Optional.empty();
        }
        Path path = filter.getAttributePath();
        if (path.getSchemaUrn() != null || path.size() != 1 || path.getElement(0).getValueFilter() != null) {
            return Optional.empty();
        }
        String canonical = INDEXABLE.get(path.getElement(0).getAttribute());
        return Optional.ofNullable(canonical)
                .map(a -> new Equality(a, filter.getComparisonValue().textValue()));
    }

    /**
     * The member id of a single {@code members.value eq "id"} or {@code members[value eq "id"]}: groups
     * are stored without members, so the caller answers it from its membership index.
     */
    public Optional<String> memberEquality() {
        Filter equality = filter;
        Path path = filter.getAttributePath();
        if (filter.getFilterType() == FilterType.COMPLEX_VALUE) {
            equality = filter.getValueFilter();
            if (path.size() != 1 || !isMembers(path) || equality.getFilterType() != FilterType.EQUAL
                    || !isValue(equality.getAttributePath(), 0)) {
                return Optional.empty();
            }
        } else if (filter.getFilterType() != FilterType.EQUAL || path.size() != 2 || !isMembers(path)
                || !isValue(path, 1)) {
            return Optional.empty();
        }
        JsonNode value = equality.getComparisonValue();
        return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /**
     * The {@code attribute eq value} terms of a filter made only of equalities joined by {@code and}
     * (attribute names lowercased), e.g. {@code type eq "work"}; empty for any other filter. Used to
     * build the element a PATCH value path names when none exists yet (docs/entra-id.md §2.5 D).
     */
    public Map<String, JsonNode> equalityTerms() {
        Map<String, JsonNode> terms = new LinkedHashMap<>();
        return collectAnd(filter, terms) ? terms : Map.of();
    }

    private static boolean collectAnd(Filter f, Map<String, JsonNode> terms) {
        if (f.getFilterType() == FilterType.AND) {
            return f.getCombinedFilters().stream().allMatch(c -> collectAnd(c, terms));
        }
        if (f.getFilterType() == FilterType.EQUAL && f.getAttributePath().size() == 1
                && f.getAttributePath().getSchemaUrn() == null) {
            terms.put(f.getAttributePath().getElement(0).getAttribute(), f.getComparisonValue());
            return true;
        }
        return false;
    }

    /**
     * The values of {@code attribute} (lowercase) when the filter is {@code attribute eq v} or an
     * {@code or} of such terms, e.g. {@code value eq "a" or value eq "b"}; empty otherwise.
     */
    public Optional<List<String>> anyOfEqualities(String attribute) {
        List<String> values = new ArrayList<>();
        return collectOr(filter, attribute, values) ? Optional.of(List.copyOf(values)) : Optional.empty();
    }

    private static boolean collectOr(Filter f, String attribute, List<String> values) {
        if (f.getFilterType() == FilterType.OR) {
            return f.getCombinedFilters().stream().allMatch(c -> collectOr(c, attribute, values));
        }
        if (f.getFilterType() == FilterType.EQUAL && f.getAttributePath().size() == 1
                && f.getAttributePath().getSchemaUrn() == null
                && f.getAttributePath().getElement(0).getAttribute().equals(attribute)
                && f.getComparisonValue().isTextual()) {
            values.add(f.getComparisonValue().textValue());
            return true;
        }
        return false;
    }

    private static boolean isMembers(Path path) {
        return path.getSchemaUrn() == null && path.getElement(0).getAttribute().equals("members")
                && path.getElement(0).getValueFilter() == null;
    }

    private static boolean isValue(Path path, int index) {
        return path.size() == index + 1 && path.getElement(index).getAttribute().equals("value");
    }

    /** The filter as the client sent it. */
    @Override
    public String toString() {
        return text;
    }

    /** A copy of {@code node} whose object keys are lowercased, at every depth. */
    static JsonNode lowercaseKeys(JsonNode node) {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode copy = factory.objectNode();
            node.properties().forEach(e -> copy.set(e.getKey().toLowerCase(Locale.ROOT), lowercaseKeys(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = factory.arrayNode();
            node.forEach(e -> copy.add(lowercaseKeys(e)));
            return copy;
        }
        return node;
    }
}
