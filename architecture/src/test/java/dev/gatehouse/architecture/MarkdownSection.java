package dev.gatehouse.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a markdown page of the repository that code owns: the lines between
 * {@code <!-- NAME:start …-->} and {@code <!-- NAME:end -->}, checked against what the code says
 * they must be. Each name must appear exactly once in its page, so a copy of a table elsewhere in
 * the page cannot pass for it.
 */
final class MarkdownSection {
    private MarkdownSection() {
    }

    /** The section {@code name} of {@code page} (relative to the repository root), stripped; an assertion error when its markers are missing. */
    static String read(String page, String name) {
        String text;
        try {
            text = Files.readString(Path.of("..").resolve(page), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String startMarker = "<!-- " + name + ":start";
        String endMarker = "<!-- " + name + ":end -->";
        int start = text.indexOf(startMarker);
        int end = text.indexOf(endMarker);
        assertThat(start).as(page + " has the " + name + " markers").isNotNegative();
        assertThat(end).as(page + "'s " + name + " section ends after it starts").isGreaterThan(start);
        assertThat(text.indexOf(startMarker, start + 1)).as(page + " has one " + name + " section").isNegative();
        assertThat(text.indexOf(endMarker, end + 1)).as(page + " has one " + name + " section end").isNegative();
        return text.substring(text.indexOf('\n', start) + 1, end).strip();
    }

    /** Asserts the section reads {@code expected}, printing what it should read when it does not. */
    static void assertReads(String page, String name, String documented, String expected) {
        assertThat(documented).as(page + "'s " + name + " section; it should read:\n" + expected).isEqualTo(expected);
    }
}
