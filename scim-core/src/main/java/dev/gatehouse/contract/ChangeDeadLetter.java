package dev.gatehouse.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A change a door-system connector refused for good, on the dead-letters topic (key: the key of the
 * access-changes record, {@code tenant id + "/" + resource id}). access-sync writes it before it
 * commits the change's offset, so no rejected change is lost; {@code dlq redrive} puts {@code change}
 * back on access-changes for that connector.
 *
 * @param change    the {@link AccessChange} as read; when the record could not be read as one, its
 *                  value as JSON, or as text when it was not JSON ({@code ""} for a null value)
 * @param connector the connector that refused it ({@code webhook}, {@code kisi})
 * @param error     why, as the connector reported it (never a secret)
 * @param attempts  how many pushes were tried
 * @param at        when it was dead-lettered
 */
public record ChangeDeadLetter(JsonNode change, String connector, String error, int attempts, Instant at) {
}
