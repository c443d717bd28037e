package dev.gatehouse.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * UnboundID's evaluator with the RFC 7643 {@code caseExact} rules: {@code id} and {@code externalId}
 * are case-exact (RFC 7643 §3.1); every other string (userName, displayName, ...) compares ignoring
 * case, which is UnboundID's default when no definition is known (docs/entra-id.md §5.3). Paths arrive
 * lowercased (see {@link FilterText}). A string {@code "True"}/{@code "False"} (any case) also
 * equals the boolean it spells: the SCIM Validator filters {@code roles[primary eq "True"]} against a
 * boolean {@code primary} (docs/entra-id.md quirk 27), as Entra's default dialect sends booleans as
 * strings (docs/entra-id.md quirk 1). Stateless, so one instance serves all threads.
 */
final class CaseRulesEvaluator extends FilterEvaluator {
    static final CaseRulesEvaluator INSTANCE = new CaseRulesEvaluator();

    private static final Set<String> CASE_EXACT = Set.of("id", "externalid");
    private static final AttributeDefinition EXACT = new AttributeDefinition.Builder()
            .setName("caseExact").setType(AttributeDefinition.Type.STRING).setCaseExact(true).build();

    private CaseRulesEvaluator() {
    }

    @Override
    public Boolean visit(EqualFilter filter, JsonNode object) throws ScimException {
        Optional<BooleanNode> spelled = spelledBoolean(filter.getComparisonValue());
        return super.visit(filter, object)
                || (spelled.isPresent() && super.visit((EqualFilter) Filter.eq(filter.getAttributePath(), spelled.get()), object));
    }

    @Override
    public Boolean visit(NotEqualFilter filter, JsonNode object) throws ScimException {
        Optional<BooleanNode> spelled = spelledBoolean(filter.getComparisonValue());
        return super.visit(filter, object)
                && (spelled.isEmpty() || super.visit((NotEqualFilter) Filter.ne(filter.getAttributePath(), spelled.get()), object));
    }

    /** The boolean a string literal spells ("True", "false", ...), if it spells one. */
    private static Optional<BooleanNode> spelledBoolean(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue().trim().toLowerCase(Locale.ROOT);
        return text.equals("true") || text.equals("false")
                ? Optional.of(BooleanNode.valueOf(text.equals("true"))) : Optional.empty();
    }

    @Override
    protected AttributeDefinition getAttributeDefinition(Path path) {
        boolean core = path.getSchemaUrn() == null;
        if (core && path.size() == 1 && CASE_EXACT.contains(path.getElement(0).getAttribute())) {
            return EXACT;
        }
        return null;
    }
}
