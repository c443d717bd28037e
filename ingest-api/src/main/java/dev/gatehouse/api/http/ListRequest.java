package dev.gatehouse.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.read.Projection;
import dev.gatehouse.pipeline.query.QueryApi;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.filter.ScimFilter;
import dev.gatehouse.scim.limits.Limits;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a list: from a GET's query string (RFC 7644 §3.4.2) or from the SearchRequest
 * body of a POST {@code .search} (§3.4.3), which names the same parameters. Both end in
 * {@link #of}, so both get the same defaults, limits and errors.
 *
 * @param filter     the filter, or null for all
 * @param startIndex 1-based; less than 1 is read as 1 (§3.4.2.4)
 * @param count      0 to {@link #MAX_COUNT}; negative is read as 0 (§3.4.2.4)
 * @param sortBy     null unless asked
 * @param sortOrder  null unless asked (the processor checks it)
 * @param projection {@code attributes} / {@code excludedAttributes}
 */
record ListRequest(String filter, int startIndex, int count, String sortBy, String sortOrder, Projection projection) {
    static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    static final int MAX_COUNT = Limits.PAGE_RESOURCES;
    static final int DEFAULT_COUNT = 100;

    /** From a GET's query parameters. */
    static ListRequest fromQuery(Context ctx) {
        return of(ctx.queryParam("filter"), integer("startIndex", ctx.queryParam("startIndex")),
                integer("count", ctx.queryParam("count")), ctx.queryParam("sortBy"), ctx.queryParam("sortOrder"),
                Projection.names(ctx.queryParam("attributes")), Projection.names(ctx.queryParam("excludedAttributes")));
    }

    /**
     * From a SearchRequest (RFC 7644 §3.4.3): {@code schemas} must name it (else invalidSyntax);
     * {@code attributes} and {@code excludedAttributes} are arrays of strings, {@code filter},
     * {@code sortBy} and {@code sortOrder} strings, {@code startIndex} and {@code count} integers
     * (else invalidValue); null stands for absent, other members are ignored.
     */
    static ListRequest fromSearchRequest(ObjectNode body) {
        JsonNode schemas = body.get("schemas");
        boolean named = false;
        if (schemas != null && schemas.isArray()) {
            for (JsonNode schema : schemas) {
                named |= schema.isTextual() && schema.asText().equalsIgnoreCase(SEARCH_REQUEST);
            }
        }
        if (!named) {
            throw ScimException.invalidSyntax("a search request's \"schemas\" must contain " + SEARCH_REQUEST);
        }
        return of(text(body, "filter"), integer(body, "startIndex"), integer(body, "count"), text(body, "sortBy"),
                text(body, "sortOrder"), strings(body, "attributes"), strings(body, "excludedAttributes"));
    }

    /**
     * Checks the filter's length and depth and the sortBy's length here, before anything is forwarded:
     * the processor's query endpoint then never gets a request larger than it accepts (a long or deep
     * filter used to pass the API's URI limit and fail there with a 503).
     */
    private static ListRequest of(String filter, Integer startIndex, Integer count, String sortBy, String sortOrder,
            List<String> attributes, List<String> excludedAttributes) {
        if (filter != null && !filter.isBlank()) {
            ScimFilter.checkLimits(filter);
        }
        if (sortBy != null && sortBy.length() > Limits.SORT_BY_CHARS) {
            throw ScimException.invalidValue("sortBy is " + sortBy.length() + " characters long; at most "
                    + Limits.SORT_BY_CHARS + " are allowed");
        }
        if (sortOrder != null && sortOrder.length() > Limits.SORT_BY_CHARS) {
            throw ScimException.invalidValue("sortOrder must be ascending or descending");
        }
        return new ListRequest(filter == null || filter.isBlank() ? null : filter,
                Math.max(1, startIndex == null ? 1 : startIndex),
                Math.min(MAX_COUNT, Math.max(0, count == null ? DEFAULT_COUNT : count)),
                sortBy, sortOrder, Projection.ofNames(attributes, excludedAttributes));
    }

    /** The processor query for {@code type}: a group's members only when the projection keeps them. */
    QueryApi.ListQuery query(ResourceType type) {
        return new QueryApi.ListQuery(filter, startIndex, count, sortBy, sortOrder, ScimRoutes.keepsMembers(type, projection));
    }

    /** The same request moved to another page: {@code startIndex}, {@code count}. */
    ListRequest page(int newStartIndex, int newCount) {
        return new ListRequest(filter, newStartIndex, newCount, sortBy, sortOrder, projection);
    }

    private static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw notAnInteger(name, value);
        }
    }

    private static Integer integer(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw notAnInteger(name, shown(node));
        }
        return node.intValue();
    }

    private static ScimException notAnInteger(String name, String value) {
        return ScimException.invalidValue(name + " must be an integer, was '" + value + "'");
    }

    private static String text(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ScimException.invalidValue(name + " must be a string, was " + shown(node));
        }
        return node.asText();
    }

    private static List<String> strings(ObjectNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw ScimException.invalidValue(name + " must be an array of attribute names (strings), had " + shown(element));
                }
                out.add(element.asText());
            }
            return out;
        }
        throw ScimException.invalidValue(name + " must be an array of attribute names (strings), was " + shown(node));
    }

    /** A value as echoed in an error detail: its JSON, cut short. */
    private static String shown(JsonNode node) {
        String text = node.toString();
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }
}
