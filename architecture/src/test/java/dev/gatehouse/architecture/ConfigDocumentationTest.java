package dev.gatehouse.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.config.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The configuration table of docs/operations.md is the catalogue's: every key any part of Gatehouse
 * reads, with its default and its readers, and no other. (Each service's config test checks that its
 * record reads the keys the catalogue names it for.) The meaning column is the page's own.
 */
class ConfigDocumentationTest {
    /** The page that documents the configuration. */
    static final String PAGE = "docs/operations.md";
    private static final String HEADER = "| key | default | read by | meaning |\n| --- | --- | --- | --- |\n";

    /** The table as the page must show it, keeping the meanings the page gives. */
    static String table(Map<String, String> meanings) {
        return HEADER + ConfigKeys.all().stream()
                .map(k -> "| `" + k.name() + "` | " + k.documentedDefault() + " | " + String.join(", ", k.readers())
                        + " | " + meanings.getOrDefault(k.name(), "…") + " |")
                .collect(Collectors.joining("\n"));
    }

    /** Key to meaning, from the documented rows (the last column; cells hold no '|'). */
    private static Map<String, String> meanings(String documented) {
        Map<String, String> meanings = new LinkedHashMap<>();
        for (String row : documented.split("\n")) {
            if (!row.startsWith("| `")) {
                continue;
            }
            String[] cells = row.substring(1, row.length() - 1).split("\\|");
            String meaning = cells[cells.length - 1].strip();
            for (String key : cells[0].split("/")) {
                meanings.put(key.strip().replace("`", ""), meaning);
            }
        }
        return meanings;
    }

    @Test
    void operationsPageListsEveryKeyWithItsDefaultAndReaders() {
        String documented = MarkdownSection.read(PAGE, "config");
        Map<String, String> meanings = meanings(documented);
        String expected = table(meanings);
        assertThat(meanings.keySet()).as("keys " + PAGE + " documents; the table should read:\n" + expected)
                .containsExactlyInAnyOrderElementsOf(ConfigKeys.names());
        MarkdownSection.assertReads(PAGE, "config", documented, expected);
    }

    @Test
    void everyKeyIsAGatehouseKeyWithAReader() {
        assertThat(ConfigKeys.all()).allSatisfy(k -> {
            assertThat(k.name()).startsWith(ConfigKeys.PREFIX);
            assertThat(k.readers()).isNotEmpty();
            assertThat(k.documentedDefault()).isNotBlank().doesNotContain("|");
        });
    }
}
