package dev.gatehouse.architecture;

import dev.gatehouse.scim.limits.Limits;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table of limits in docs/security.md is the catalogue's, value for value. */
class LimitsDocumentationTest {
    /** The page that documents the limits. */
    static final String PAGE = "docs/security.md";

    /** The table as the page must show it. */
    static String table() {
        String header = "| limit | value | bounds | over it |\n| --- | --- | --- | --- |\n";
        return header + Limits.all().stream()
                .map(l -> "| " + l.name() + " | " + value(l) + " | " + l.bounds() + " | " + l.answer() + " |")
                .collect(Collectors.joining("\n"));
    }

    private static String value(Limits.Limit limit) {
        String number = String.format(Locale.ROOT, "%,d", limit.value());
        if (limit.unit().startsWith("bytes") && limit.value() % 1024 == 0) {
            long kib = limit.value() / 1024;
            String size = kib % 1024 == 0 ? kib / 1024 + " MiB" : kib + " KiB";
            return size + limit.unit().substring("bytes".length());
        }
        return number + " " + limit.unit();
    }

    @Test
    void securityPageListsEveryLimitAsTheCatalogueHasIt() {
        MarkdownSection.assertReads(PAGE, "limits", MarkdownSection.read(PAGE, "limits"), table());
    }
}
