package dev.gatehouse.sync.connector.kisi;

import java.net.URI;

/**
 * Where and as whom one organization's Kisi connector calls: the base URL, the API key (sent as
 * {@code Authorization: KISI-LOGIN <key>}) and the request rate (Kisi: 5/s per API user).
 * {@link #toString()} never shows the key.
 */
public record KisiSettings(URI baseUrl, String apiKey, double requestsPerSecond) {
    public static final URI KISI = URI.create("https://api.kisi.io");
    public static final double KISI_RATE = 5;

    @Override
    public String toString() {
        return "KisiSettings[baseUrl=" + baseUrl + ", apiKey=<redacted>, requestsPerSecond=" + requestsPerSecond + "]";
    }
}
