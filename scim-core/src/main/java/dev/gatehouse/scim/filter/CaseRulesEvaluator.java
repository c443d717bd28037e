package dev.gatehouse.scim.filter;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.Set;

/**
 * UnboundID's evaluator with the RFC 7643 {@code caseExact} rules: {@code id} and {@code externalId}
 * are case-exact (RFC 7643 §3.1); every other string (userName, displayName, ...) compares ignoring
 * case, which is UnboundID's default when no definition is known (ENTRA_SCIM.md §5.3). Paths arrive
 * lowercased (see {@link FilterText}). Stateless, so one instance serves all threads.
 */
final class CaseRulesEvaluator extends FilterEvaluator {
    static final CaseRulesEvaluator INSTANCE = new CaseRulesEvaluator();

    private static final Set<String> CASE_EXACT = Set.of("id", "externalid");
    private static final AttributeDefinition EXACT = new AttributeDefinition.Builder()
            .setName("caseExact").setType(AttributeDefinition.Type.STRING).setCaseExact(true).build();

    private CaseRulesEvaluator() {
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
