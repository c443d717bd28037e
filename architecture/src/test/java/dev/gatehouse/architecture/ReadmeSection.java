package dev.gatehouse.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of README.md that code owns: the lines between {@code <!-- NAME:start …-->} and
 * {@code <!-- NAME:end -->}, checked against what the code says they must be.
 */
final class ReadmeSection {
    private ReadmeSection() {
    }

    /** The section's lines, stripped; an assertion error when its markers are missing. */
    static String read(String name) {
        String readme;
        try {
            readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf("<!-- " + name + ":start");
        int end = readme.indexOf("<!-- " + name + ":end -->");
        assertThat(start).as("README.md has the " + name + " markers").isNotNegative();
        assertThat(end).as("README.md's " + name + " section ends after it starts").isGreaterThan(start);
        return readme.substring(readme.indexOf('\n', start) + 1, end).strip();
    }

    /** Asserts the section reads {@code expected}, printing what it should read when it does not. */
    static void assertReads(String name, String documented, String expected) {
        assertThat(documented).as("README.md's " + name + " section; it should read:\n" + expected).isEqualTo(expected);
    }
}
