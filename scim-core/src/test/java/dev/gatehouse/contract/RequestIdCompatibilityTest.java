package dev.gatehouse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.scim.ScimJson;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The commands topic is replayed forever and access changes outlive deployments: records written
 * before the request id was carried must still read, and the id must survive a round trip.
 */
class RequestIdCompatibilityTest {
    private final ObjectMapper mapper = ScimJson.mapper();

    @Test
    void aCommandWrittenBeforeRequestIdsReadsWithNone() throws Exception {
        assertReadsWithNoRequestId(Command.class, Command::commandId, Command::requestId,
                "{\"commandId\":\"c1\",\"tenantId\":\"acme\",\"operation\":\"CREATE\",\"resourceType\":\"USER\","
                + "\"resourceId\":\"u1\",\"body\":{\"userName\":\"ada\"},\"receivedAt\":\"2026-01-01T00:00:00Z\","
                + "\"replyTo\":\"api-1\",\"ifMatch\":null}");
    }

    @Test
    void anAccessChangeWrittenBeforeRequestIdsReadsWithNone() throws Exception {
        assertReadsWithNoRequestId(AccessChange.class, AccessChange::commandId, AccessChange::requestId,
                "{\"eventId\":\"c1/u1\",\"tenantId\":\"acme\",\"resourceType\":\"USER\",\"resourceId\":\"u1\","
                + "\"version\":1,\"deleted\":false,\"state\":{\"userName\":\"ada\"},\"commandId\":\"c1\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\"}");
    }

    /** {@code old}, written before the request id was carried, reads as command c1 with no request id. */
    private <T> void assertReadsWithNoRequestId(Class<T> type, Function<T, String> commandId, Function<T, String> requestId,
                                                String old) throws Exception {
        T read = mapper.readValue(old, type);
        assertThat(commandId.apply(read)).isEqualTo("c1");
        assertThat(requestId.apply(read)).isNull();
    }

    @Test
    void theRequestIdTravelsInBoth() throws Exception {
        Command command = new Command("c1", "acme", Operation.DELETE, ResourceType.USER, "u1", null,
                Instant.parse("2026-01-01T00:00:00Z"), "api-1", null, "req-7");
        assertThat(mapper.readValue(mapper.writeValueAsString(command), Command.class).requestId()).isEqualTo("req-7");
        AccessChange change = new AccessChange("c1/u1", "acme", ResourceType.USER, "u1", 2, true, null, "c1",
                Instant.parse("2026-01-01T00:00:00Z"), "req-7");
        assertThat(mapper.readValue(mapper.writeValueAsString(change), AccessChange.class).requestId()).isEqualTo("req-7");
    }
}
