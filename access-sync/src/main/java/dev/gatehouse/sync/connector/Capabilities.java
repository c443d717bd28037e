package dev.gatehouse.sync.connector;

/**
 * What a door system allows, so delivery can plan its calls (docs/door-systems.md, "The connector SPI").
 *
 * @param requestsPerSecond the most requests per second the system accepts (Kisi: 5 per API user);
 *                          {@link Double#POSITIVE_INFINITY} when it states none
 * @param groups            whether groups can be created and filled through the API
 * @param metadata          limits on a person's metadata
 */
public record Capabilities(double requestsPerSecond, boolean groups, MetadataLimits metadata) {

    /** Kisi: flat metadata of at most 50 keys, keys up to 50 and values up to 500 characters. */
    public record MetadataLimits(int maxKeys, int maxKeyLength, int maxValueLength) {
        public static final MetadataLimits KISI = new MetadataLimits(50, 50, 500);
        public static final MetadataLimits NONE = new MetadataLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** No stated limits: a receiver that takes whole changes (the webhook). */
    public static Capabilities unlimited() {
        return new Capabilities(Double.POSITIVE_INFINITY, true, MetadataLimits.NONE);
    }
}
