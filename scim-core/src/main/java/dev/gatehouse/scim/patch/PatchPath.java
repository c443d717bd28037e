package dev.gatehouse.scim.patch;

import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.scim.ScimException;
import dev.gatehouse.scim.filter.ScimFilter;
import dev.gatehouse.scim.schema.ScimSchemas;
import java.util.regex.Pattern;

/**
 * A PATCH target (RFC 7644 §3.5.2 {@code PATH = attrPath / valuePath [subAttr]}), with names in
 * canonical case. URN-qualified paths are split at the LAST ':' before any '[' (docs/entra-id.md §4.2,
 * as the reference code's {@code Path.TryExtractSchemaIdentifier} does); core URNs are dropped. A user's
 * bare {@code manager} is the enterprise manager (legacy doc form, docs/entra-id.md §2.5 E).
 *
 * @param schemaUrn   the extension object holding the attribute; null for a core attribute
 * @param attribute   the attribute; null when the path names a whole extension object
 * @param valueFilter the value-selection filter ({@code emails[type eq "work"]}); null when absent
 * @param subAttribute the sub-attribute ({@code name.givenName}); null when absent
 */
public record PatchPath(String schemaUrn, String attribute, ScimFilter valueFilter, String subAttribute) {
    private static final Pattern ATTRNAME = Pattern.compile("\\$?[A-Za-z][A-Za-z0-9_-]*");

    /** Parses {@code raw}; a 400 {@code invalidPath} when it is not a path. */
    public static PatchPath parse(ResourceType type, String raw) {
        String path = raw == null ? "" : raw.trim();
        if (path.isEmpty()) {
            throw ScimException.invalidPath("The PATCH path is empty");
        }
        String urn = null;
        String rest = path;
        if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            int bracket = path.indexOf('[');
            int colon = path.lastIndexOf(':', bracket < 0 ? path.length() - 1 : bracket);
            if (ScimSchemas.isSchemaUrn(path) && bracket < 0) {
                return new PatchPath(canonicalUrn(path), null, null, null);
            }
            urn = path.substring(0, colon);
            rest = path.substring(colon + 1);
            urn = ScimSchemas.isCoreSchema(urn) ? null : canonicalUrn(urn);
        }
        return parseRest(type, urn, rest, raw);
    }

    private static PatchPath parseRest(ResourceType type, String urn, String rest, String raw) {
        String attr = rest;
        String filterText = null;
        String sub = null;
        int open = rest.indexOf('[');
        if (open >= 0) {
            int close = rest.lastIndexOf(']');
            if (close < open) {
                throw ScimException.invalidPath("Unbalanced '[' in PATCH path '" + raw + "'");
            }
            attr = rest.substring(0, open);
            filterText = rest.substring(open + 1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(".")) {
                    throw ScimException.invalidPath("Unexpected '" + after + "' in PATCH path '" + raw + "'");
                }
                sub = after.substring(1);
            }
        } else if (rest.contains(".")) {
            attr = rest.substring(0, rest.indexOf('.'));
            sub = rest.substring(rest.indexOf('.') + 1);
        }
        requireName(attr, raw);
        if (sub != null) {
            requireName(sub, raw);
        }
        return canonical(type, urn, attr, parseFilter(filterText, raw), sub);
    }

    private static PatchPath canonical(ResourceType type, String urn, String attr, ScimFilter filter, String sub) {
        String schema = urn;
        String name;
        if (schema == null && type == ResourceType.USER && attr.equalsIgnoreCase(ScimSchemas.MANAGER)) {
            schema = ScimSchemas.ENTERPRISE_USER;
        }
        if (schema == null) {
            name = ScimSchemas.canonicalTop(type, attr);
        } else if (schema.equals(ScimSchemas.ENTERPRISE_USER)) {
            name = ScimSchemas.canonicalEnterprise(attr);
        } else {
            name = attr;
        }
        return new PatchPath(schema, name, filter, sub == null ? null : ScimSchemas.canonicalSub(name, sub));
    }

    private static ScimFilter parseFilter(String text, String raw) {
        if (text == null) {
            return null;
        }
        try {
            return ScimFilter.parse(text);
        } catch (ScimException e) {
            throw ScimException.invalidPath("Invalid value filter in PATCH path '" + raw + "': " + e.detail());
        }
    }

    private static void requireName(String name, String raw) {
        if (!ATTRNAME.matcher(name).matches()) {
            throw ScimException.invalidPath("'" + raw + "' is not a valid PATCH path");
        }
    }

    private static String canonicalUrn(String urn) {
        return ScimSchemas.knownSchema(urn).orElse(urn);
    }

    /** Whether this path names a core attribute {@code name} (canonical) with nothing below it. */
    public boolean isCore(String name) {
        return schemaUrn == null && name.equals(attribute);
    }
}
