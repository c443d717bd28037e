package dev.gatehouse.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The consumer example docs/events.md shows is {@link AccessChangesConsumerExample}, character for
 * character, so the page cannot drift from code that compiles (and that
 * {@code AccessChangesConsumerExampleIT} runs against a real stack).
 */
class EventsPageExampleTest {
    private static final Path PAGE = Path.of("..", "docs", "events.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "gatehouse", "docs",
            "AccessChangesConsumerExample.java");
    private static final String START = "<!-- consumer-example:start";
    private static final String END = "<!-- consumer-example:end -->";

    @Test
    void theEventsPageShowsTheCompiledConsumerExampleExactly() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        assertThat(start).as("docs/events.md has the consumer-example markers").isNotNegative();
        assertThat(end).as("the consumer example ends after it starts").isGreaterThan(start);
        assertThat(page.indexOf(START, start + 1)).as("one consumer example").isNegative();
        String section = page.substring(page.indexOf('\n', start) + 1, end);
        String source = Files.readString(SOURCE, StandardCharsets.UTF_8);

        assertThat(section).as("docs/events.md's consumer example; it should read:\n```java\n" + source + "```\n")
                .isEqualTo("```java\n" + source + "```\n");
    }
}
