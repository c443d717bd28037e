package dev.gatehouse.api;

import dev.gatehouse.api.activity.ActivityFeed;
import dev.gatehouse.api.command.CommandGateway;
import dev.gatehouse.api.command.ResultListener;
import dev.gatehouse.api.command.TenantAdmission;
import dev.gatehouse.api.command.WriteHealth;
import dev.gatehouse.api.config.ApiConfig;
import dev.gatehouse.api.http.ApiMetrics;
import dev.gatehouse.api.http.ApiServer;
import dev.gatehouse.api.doors.DeadLetterView;
import dev.gatehouse.api.doors.DoorStatusView;
import dev.gatehouse.api.oauth.AccessTokens;
import dev.gatehouse.api.read.StateReader;
import dev.gatehouse.api.tenant.AuditLog;
import dev.gatehouse.api.tenant.ScimClients;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.api.tenant.TenantDirectory;
import dev.gatehouse.pipeline.LocalAnswers;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.observe.Health;
import dev.gatehouse.pipeline.observe.KafkaProbe;
import dev.gatehouse.pipeline.observe.ServiceMetrics;
import dev.gatehouse.pipeline.query.LocalReads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The ingest API service: tenant directory, result listener, command gateway and HTTP server. It
 * accepts requests only once it knows every organization and listens for its results.
 */
public final class IngestApiService implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ApiServer server;
    private final TenantAdmin admin;
    private final MeterRegistry meters;
    /** What {@link #close} stops, in order: the HTTP server first, the metrics last. */
    private final List<Runnable> stops;

    private IngestApiService(ApiServer server, TenantAdmin admin, MeterRegistry meters, List<Runnable> stops) {
        this.server = server;
        this.admin = admin;
        this.meters = meters;
        this.stops = stops;
    }

    public static IngestApiService start(ApiConfig config) {
        return start(config, LocalAnswers.NONE);
    }

    /**
     * As {@link #start(ApiConfig)}, with a processor in this JVM: its answers come in memory through
     * {@code answers} at each commit, the results topic still carrying any other.
     */
    public static IngestApiService start(ApiConfig config, LocalAnswers answers) {
        return start(config, answers, LocalReads.NONE);
    }

    /**
     * As {@link #start(ApiConfig, LocalAnswers)}; reads are also answered from the stores of the
     * processors of this JVM ({@code reads}), where their query API would answer from them itself.
     */
    public static IngestApiService start(ApiConfig config, LocalAnswers answers, LocalReads reads) {
        Topics topics = Topics.reconciled(config.kafka());
        TenantDirectory directory = TenantDirectory.start(config, topics.tenants());
        AccessTokens accessTokens = AccessTokens.start(config, directory, topics.accessTokens());
        ResultListener results = ResultListener.start(config, topics.results(), answers);
        try {
            if (!directory.awaitCaughtUp(START_TIMEOUT) || !accessTokens.awaitCaughtUp(START_TIMEOUT)
                    || !results.awaitAssigned(START_TIMEOUT)) {
                throw new IllegalStateException("could not read the tenants, access-tokens and results topics within "
                        + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the API", e);
        }
        TenantAdmin admin = new TenantAdmin(config, directory, topics.tenants(), topics.audit());
        admin.warmUp();
        CommandGateway gateway = new CommandGateway(config, results, topics.commands());
        AuditLog audit = new AuditLog(config, topics.audit());
        DoorStatusView receipts = DoorStatusView.start(config, topics.doorStatus());
        DeadLetterView deadLetters = DeadLetterView.start(config, topics, receipts);
        ActivityFeed activity = ActivityFeed.start(config, topics.provisioningActivity());
        ServiceMetrics metrics = ServiceMetrics.create("ingest-api");
        ApiMetrics apiMetrics = new ApiMetrics(metrics.registry());
        WriteHealth writes = new WriteHealth();
        gateway.observeRoundTrips((took, answered) -> {
            apiMetrics.commandRoundTrip(took, answered);
            writes.record(answered);
        });
        Gauge.builder("gatehouse.writes.waiting", gateway.admission(), TenantAdmission::waiting)
                .description("writes waiting for their organization's write window at this instance")
                .register(metrics.registry());
        Gauge.builder("gatehouse.scim.client.secrets.expiring", directory,
                        d -> ScimClients.expiringSoon(d.all(), Instant.now()))
                .description("live OAuth client secrets of SCIM clients that expire within 30 days")
                .register(metrics.registry());
        // The door-status view is bounded (GATEHOUSE_DOOR_STATUS_LIMIT): how full it is, and what it did not keep.
        Gauge.builder("gatehouse.door.status.receipts", receipts, DoorStatusView::held)
                .description("pairs of resource and door system whose door status this API instance keeps")
                .register(metrics.registry());
        Gauge.builder("gatehouse.door.status.dropped", receipts, DoorStatusView::dropped)
                .description("door-system confirmations not kept because the door-status view was full")
                .register(metrics.registry());
        if (reads != LocalReads.NONE) {
            FunctionCounter.builder("gatehouse.reads.in.jvm", reads, LocalReads::answered)
                    .description("reads answered from the stores of a processor in this JVM, not through its query endpoint")
                    .register(metrics.registry());
        }
        metrics.bindKafkaClient(gateway.producer());
        KafkaProbe kafka = KafkaProbe.of(config.kafka(), config.instanceId());
        // Ready: the cluster answers (so the gateway's producer and the listeners' consumers can reach
        // it), the tenant directory has read the tenants topic up to where it ended at start, and
        // writes are being answered (WriteHealth).
        Health health = new Health()
                .check("kafka", kafka::reachable)
                .check("tenantDirectory", () -> caughtUp(directory))
                .check("writesAnswered", writes::writesAnswered)
                .register(metrics.registry());
        ApiServer server = ApiServer.start(new ApiServer.Services(config, directory, admin, accessTokens, audit, gateway,
                new StateReader(config.processorUrl(), reads), receipts, deadLetters, activity, metrics, apiMetrics,
                health));
        return new IngestApiService(server, admin, metrics.registry(), List.of(server::close, gateway::close, admin::close, audit::close,
                results::close, deadLetters::close, receipts::close, activity::close, accessTokens::close, directory::close, kafka::close, metrics::close));
    }

    private static boolean caughtUp(TenantDirectory directory) {
        try {
            return directory.awaitCaughtUp(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The HTTP port actually bound. */
    public int port() {
        return server.port();
    }

    /** Organization administration, for the launcher's {@code up --demo}. */
    public TenantAdmin tenantAdmin() {
        return admin;
    }

    /** The meters this instance serves on {@code /metrics}, for a reader in the same JVM (the bench). */
    public MeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        stops.forEach(Runnable::run);
    }
}
