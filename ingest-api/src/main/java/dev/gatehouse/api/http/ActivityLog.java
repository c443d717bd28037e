package dev.gatehouse.api.http;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest SCIM operations of each organization as this API instance answered them, for the
 * console's provisioning activity view: a bounded ring buffer per organization, in memory only (an
 * instance restart or another instance behind the same load balancer starts its own).
 */
final class ActivityLog {
    static final int PER_TENANT = 200;
    private final Map<String, Deque<Entry>> byTenant = new ConcurrentHashMap<>();

    /**
     * One SCIM operation.
     *
     * @param at        when it was answered
     * @param operation create, replace, update, delete, read, list or discovery
     * @param resource  the path under {@code /scim/v2}, e.g. {@code Users/2819c223…}
     * @param status    the HTTP status answered
     * @param outcome   {@code success} or {@code failure}
     * @param detail    the SCIM error's detail, or null
     */
    record Entry(Instant at, String operation, String resource, int status, String outcome, String detail) {
    }

    void record(String tenantId, Entry entry) {
        Deque<Entry> entries = byTenant.computeIfAbsent(tenantId, t -> new ArrayDeque<>());
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > PER_TENANT) {
                entries.removeLast();
            }
        }
    }

    /** Newest first. */
    List<Entry> latest(String tenantId, int limit) {
        Deque<Entry> entries = byTenant.get(tenantId);
        if (entries == null) {
            return List.of();
        }
        synchronized (entries) {
            return new ArrayList<>(entries).subList(0, Math.min(limit, entries.size()));
        }
    }

    static String operation(String method, String resource) {
        String lower = resource.toLowerCase(Locale.ROOT);
        if (lower.equals(".search") || lower.endsWith("/.search")) {
            return "list"; // RFC 7644 §3.4.3: a query, though sent with POST
        }
        boolean onResource = resource.indexOf('/') > 0;
        String type = onResource ? resource.substring(0, resource.indexOf('/')) : resource;
        if (!type.equalsIgnoreCase("Users") && !type.equalsIgnoreCase("Groups")) {
            return "discovery";
        }
        return switch (method) {
            case "POST" -> "create";
            case "PUT" -> "replace";
            case "PATCH" -> "update";
            case "DELETE" -> "delete";
            default -> onResource ? "read" : "list";
        };
    }
}
