package dev.gatehouse.processor;

import dev.gatehouse.contract.Command;
import dev.gatehouse.contract.Operation;
import dev.gatehouse.contract.ResourceType;
import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.Topics;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.processor.store.RocksDbMemory;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The rebuild's rate with its own settings beside the live processor's settings (exactly-once,
 * the baseline), on a real broker, interleaved so that machine noise hits both: N user creates and
 * N/5 PATCHes in one tenant, each rebuild into a fresh application id and checked equal to live. Each
 * round ends with the live processor itself applying the same commands as a backlog, its outputs written.
 *
 * <p>Run: {@code mvn -B -o -pl stream-processor -am test-compile} then, in stream-processor,
 * {@code mvn -B -o org.codehaus.mojo:exec-maven-plugin:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.gatehouse.processor.RebuildBenchmark -Dexec.args="30000 2"}
 * (arguments: users, rounds, partitions of each topic: 6 unless given, as deployed).
 */
public final class RebuildBenchmark {
    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 6; // as deployed (GATEHOUSE_PARTITIONS)
        ConfigSource base = ProcessorOnBroker.settings(Map.of(ConfigKeys.PARTITIONS, Integer.toString(partitions)));
        try (StreamProcessorService service = ProcessorOnBroker.startRunning(base)) {
            String live = ProcessorOnBroker.baseUrl(service);
            String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            int commands = seed(base, tenant, users);
            awaitApplied(live, tenant, users);
            System.out.printf(Locale.ROOT, "%,d commands, %d partitions, %d cores%n", commands, partitions,
                    Runtime.getRuntime().availableProcessors());
            for (int round = 0; round < rounds; round++) {
                for (boolean liveSettings : new boolean[] {true, false}) {
                    Rebuild.Report report = Rebuild.run(ProcessorConfig.from(base), live,
                            ProcessorConfig.from(base).applicationId() + "-rb-" + UUID.randomUUID(),
                            Duration.ofMinutes(10), liveSettings);
                    System.out.printf(Locale.ROOT, "round %d %-36s %,9.0f commands/s in %5.1f s (start-up %.1f s), %s%n", round + 1,
                            liveSettings ? "live settings (exactly-once)" : "rebuild settings (at-least-once)",
                            report.commandsPerSecond(), report.took().toNanos() / 1e9, report.startUp().toNanos() / 1e9,
                            report.equal() ? "equal to live" : "NOT EQUAL");
                }
                System.out.printf(Locale.ROOT, "round %d %-36s %,9.0f commands/s%n", round + 1,
                        "live processor, outputs written", commands / backlog(base));
            }
        }
        System.exit(0);
    }

    /**
     * Seconds the live processor (its topology, every output written, and its settings: exactly-once,
     * commits at the interval since nobody waits) takes to apply the whole commands topic as a backlog,
     * into a fresh application id, until its commits reach the end: the processor's own backlog rate,
     * which {@code gatehouse bench} measures with the whole stack sharing the machine (access-sync and the
     * door system take the outputs as they come).
     */
    private static double backlog(ConfigSource base) throws Exception {
        ProcessorConfig live = ProcessorConfig.from(base);
        ProcessorConfig config = live.asApplication(live.applicationId() + "-backlog-" + UUID.randomUUID(),
                live.commitIntervalMs());
        Topics topics = Topics.from(config.kafka());
        try (Admin admin = Admin.create(KafkaProps.admin(config.kafka()));
             RocksDbMemory memory = new RocksDbMemory(StreamProcessorService.ROCKSDB_TOTAL_BYTES,
                     StreamProcessorService.ROCKSDB_WRITE_BUFFER_BYTES)) {
            Map<TopicPartition, Long> end = Rebuild.offsets(admin, topics, OffsetSpec.latest());
            Properties props = StreamProcessorService.properties(config, new HostInfo("127.0.0.1", 0), memory);
            props.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
            try (KafkaStreams streams = new KafkaStreams(GatehouseTopology.build(topics), props)) {
                long began = System.nanoTime();
                streams.start();
                Rebuild.awaitCommitted(admin, topics, config.applicationId(), end,
                        began + TimeUnit.MINUTES.toNanos(10));
                return (System.nanoTime() - began) / 1e9;
            }
        }
    }

    private static int seed(ConfigSource config, String tenant, int users) throws Exception {
        Map<String, Object> props = new HashMap<>(KafkaProps.producer(KafkaConfig.from(config), "rebuild-bench"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        int n = 0;
        Instant t0 = Instant.parse("2026-03-01T09:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            Topics topics = Topics.from(KafkaConfig.from(config));
            for (int i = 0; i < users; i++) {
                send(producer, topics, new Command("c" + n, tenant, Operation.CREATE, ResourceType.USER, "u" + i,
                        TopologyFixture.json("{\"userName\":\"user" + i + "@bench.test\",\"active\":true,"
                                + "\"metadata\":{\"site\":\"HQ\"}}"), t0.plusMillis(n), null, null, "r" + n++));
                if (i % 5 == 4) {
                    send(producer, topics, new Command("c" + n, tenant, Operation.PATCH, ResourceType.USER, "u" + (i - 2),
                            TopologyFixture.json("{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"),
                            t0.plusMillis(n), null, null, "r" + n++));
                }
            }
        }
        return n;
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, Command c) {
        producer.send(ProcessorOnBroker.record(topics, c));
    }

    private static void awaitApplied(String live, String tenant, int users) throws Exception {
        while (true) {
            HttpResponse<String> r = TestHttp.get(live + "/internal/v1/tenants/" + tenant + "/checksum", null);
            if (r.statusCode() == 200 && TopologyFixture.json(r.body()).path("users").asInt() == users) {
                return;
            }
            Thread.sleep(200);
        }
    }
}
