package dev.gatehouse.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Instants read without DateTimeFormatter: the same instants, and the same refusals, as Jackson's own reader. */
class InstantReaderTest {
    /** Jackson's own reading, as the mapper did before. */
    private static final ObjectMapper STANDARD = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();

    private record Stamped(Instant at) {
    }

    @Test
    void readsWhatInstantToStringWritesAsTheStandardReaderDoes() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            // Whole seconds, millis, micros and nanos, from year 0 to 9999, as Instant.toString() writes them.
            long seconds = Math.floorMod(random.nextLong(), 253_402_300_800L) - 62_167_219_200L;
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();

            assertThat(InstantReader.parse(text)).as(text).isEqualTo(instant);
            assertThat(read(ScimJson.mapper(), text)).as(text).isEqualTo(read(STANDARD, text));
        }
    }

    @Test
    void leavesEveryOtherFormToTheStandardReader() throws Exception {
        for (String text : List.of("2026-03-01T10:00:01+01:00", "+10000-01-01T00:00:00Z", "2016-12-31T23:59:60Z",
                "2026-03-01T09:00:01.1234567891Z", "2026-03-01t09:00:01Z", "2026-03-01T09:00:01z", "2026-03-01T09:00Z")) {
            assertThat(InstantReader.parse(text)).as(text).isNull();
            Object standard = outcome(STANDARD, text);
            assertThat(outcome(ScimJson.mapper(), text)).as(text).isEqualTo(standard);
        }
        assertThat(read(ScimJson.mapper(), "2016-12-31T23:59:60Z")).isEqualTo(Instant.parse("2016-12-31T23:59:59Z"));
        assertThat(ScimJson.mapper().readValue("{\"at\":1772355601}", Stamped.class).at())
                .isEqualTo(STANDARD.readValue("{\"at\":1772355601}", Stamped.class).at());
        assertThat(ScimJson.mapper().readValue("{\"at\":null}", Stamped.class).at()).isNull();
    }

    @Test
    void refusesWhatTheStandardReaderRefuses() {
        for (String text : List.of("2026-02-30T09:00:01Z", "2026-13-01T09:00:01Z", "2026-03-01T09:60:01Z",
                "2026-03-01T09:00:01.12a4Z", "2026-3-01T09:00:01Z", "yesterday")) {
            assertThat(InstantReader.parse(text)).as(text).isNull();
            assertThatThrownBy(() -> read(STANDARD, text)).as(text).isInstanceOf(InvalidFormatException.class);
            assertThatThrownBy(() -> read(ScimJson.mapper(), text)).as(text).isInstanceOf(InvalidFormatException.class);
        }
        // What the standard reader makes of the edges, this mapper makes of them too.
        for (String text : List.of("2026-03-01T24:00:00Z", "2026-03-01T09:00:01.Z", "")) {
            assertThat(InstantReader.parse(text)).as(text).isNull();
            assertThat(outcome(ScimJson.mapper(), text)).as(text).isEqualTo(outcome(STANDARD, text));
        }
    }

    private static Instant read(ObjectMapper mapper, String text) throws Exception {
        return mapper.readValue("{\"at\":\"" + text + "\"}", Stamped.class).at();
    }

    /** The instant read, or the class of the refusal. */
    private static Object outcome(ObjectMapper mapper, String text) {
        try {
            return read(mapper, text);
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
