package dev.gatehouse.scim.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README.md's table of limits is the catalogue's, value for value. */
class LimitsDocumentationTest {
    private static final String START = "<!-- limits:start";
    private static final String END = "<!-- limits:end -->";

    /** The table as README.md must show it. */
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
    void readmeListsEveryLimitAsTheCatalogueHasIt() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has the limits table markers").isNotNegative();
        String documented = readme.substring(readme.indexOf('\n', start) + 1, end).strip();
        assertThat(documented).as("README.md's limits table; it should read:\n" + table()).isEqualTo(table());
    }
}
