package dev.gatehouse.processor;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.ClientRequest;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.DefaultHostResolver;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.NetworkClientUtils;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;

/**
 * Writes a transaction's commit marker on one partition, as its coordinator does: Kafka's Admin writes
 * only abort markers ({@code abortTransaction}), and a transaction its coordinator committed must be
 * committed on a partition its marker never reached ({@link TransactionOutcomes}). This is Kafka's
 * {@code WriteTxnMarkers} request, which a partition's leader takes from a client allowed to act for the
 * cluster, as it takes an abort; it is sent on a connection of its own, opened for the one request.
 */
final class CommitMarkers {
    private final Map<String, Object> settings;
    private final Duration timeout;

    /** Connects with these client settings (those of the processor's Admin); each write bounded by {@code timeout}. */
    CommitMarkers(Map<String, Object> settings, Duration timeout) {
        this.settings = Map.copyOf(settings);
        this.timeout = timeout;
    }

    /**
     * Commits the transaction producer {@code producerId} has open at {@code producerEpoch} on
     * {@code partition}, whose leader is {@code leader}.
     */
    void commit(Node leader, TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch)
            throws IOException, TimeoutException {
        if (leader == null || leader.isEmpty()) {
            throw new IOException("no leader known for " + partition + " to commit on");
        }
        WriteTxnMarkersRequestData.WritableTxnMarker marker = new WriteTxnMarkersRequestData.WritableTxnMarker()
                .setProducerId(producerId)
                .setProducerEpoch(producerEpoch)
                .setCoordinatorEpoch(coordinatorEpoch)
                .setTransactionResult(true);
        marker.topics().add(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic()
                .setName(partition.topic())
                .setPartitionIndexes(List.of(partition.partition())));
        WriteTxnMarkersRequestData request = new WriteTxnMarkersRequestData();
        request.markers().add(marker);

        Time time = Time.SYSTEM;
        AdminClientConfig config = new AdminClientConfig(settings);
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        try (Metrics metrics = new Metrics(time);
                NetworkClient client = ClientUtils.createNetworkClient(config,
                        config.getList(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), "gatehouse-commit-markers", metrics,
                        "gatehouse-commit-markers", new LogContext("[commit markers] "), new ApiVersions(), time, 1,
                        timeoutMs, null, new ManualMetadataUpdater(List.of(leader)), new DefaultHostResolver(), null,
                        null)) {
            if (!NetworkClientUtils.awaitReady(client, leader, time, timeoutMs)) {
                throw new TimeoutException("no connection to " + leader + " within " + timeout);
            }
            ClientRequest send = client.newClientRequest(leader.idString(), new WriteTxnMarkersRequest.Builder(request),
                    time.milliseconds(), true, timeoutMs, null);
            ClientResponse response = NetworkClientUtils.sendAndReceive(client, send, time);
            if (response.versionMismatch() != null) {
                throw response.versionMismatch();
            }
            if (response.wasDisconnected() || response.wasTimedOut()) {
                throw new IOException("no answer from " + leader + " to the commit marker for " + partition);
            }
            Errors error = ((WriteTxnMarkersResponse) response.responseBody()).errorsByProducerId()
                    .getOrDefault(producerId, Map.of()).getOrDefault(partition, Errors.UNKNOWN_SERVER_ERROR);
            if (error != Errors.NONE) {
                throw new KafkaException("the commit marker for " + partition + " was refused: " + error, error.exception());
            }
        }
    }
}
