package dev.gatehouse.launcher.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The requests the broker of this JVM has handled since it started, by Kafka API, as its own request
 * metrics count them ({@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=<API>}): what a
 * bench phase cost the broker in produce, fetch and transaction requests. Counts, unlike CPU times, hardly
 * move with the machine's noise, so two runs compare on them closely.
 */
public final class BrokerRequests {
    /** The request that ends a transaction: one per transaction committed or aborted. */
    public static final String END_TRANSACTION = "EndTxn";
    /** The requests that run a transaction: its partitions, its consumed offsets, its end and its markers. */
    public static final List<String> TRANSACTION = List.of("AddPartitionsToTxn", "AddOffsetsToTxn", "TxnOffsetCommit",
            END_TRANSACTION, "WriteTxnMarkers");
    public static final String PRODUCE = "Produce";
    public static final String FETCH = "Fetch";
    /** Kafka counts each fetch once more as one of these, by who fetched: left out, or fetches would count twice. */
    private static final Set<String> FETCH_AGAIN = Set.of("FetchConsumer", "FetchFollower");
    /** One meter per API and version: {@code request=<API>,version=<n>}; the versions are added up. */
    private static final String QUERY = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";

    private BrokerRequests() {
    }

    /** Requests handled so far by Kafka API (those with none left out); empty where no broker runs in this JVM. */
    public static Map<String, Long> read() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Long> counts = new HashMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(QUERY), null)) {
                String api = name.getKeyProperty("request");
                if (api == null || FETCH_AGAIN.contains(api)) {
                    continue;
                }
                if (server.getAttribute(name, "Count") instanceof Number count && count.longValue() > 0) {
                    counts.merge(api, count.longValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            return Map.of(); // a metric removed while read (the broker stopping): no reading
        }
        return Map.copyOf(counts);
    }

    /** What {@code to} counts beyond {@code from}, by API; empty when either is. */
    public static Map<String, Long> between(Map<String, Long> from, Map<String, Long> to) {
        if (from.isEmpty() || to.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> delta = new HashMap<>();
        to.forEach((api, count) -> {
            long grew = count - from.getOrDefault(api, 0L);
            if (grew > 0) {
                delta.put(api, grew);
            }
        });
        return Map.copyOf(delta);
    }
}
