package dev.gatehouse.launcher;

import dev.gatehouse.api.IngestApiService;
import dev.gatehouse.kafka.EmbeddedKafka;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.pipeline.config.ConfigSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse up}: broker, processor, API, access-sync and the door simulator in one JVM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the whole stack in one JVM on the embedded Kafka broker.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "Create a demo organization with SCIM enabled and print its Tenant URL and Secret Token.")
    boolean demo;

    @Option(names = "--data-dir", description = "Where Kafka's log, the state stores and generated keys live (default: ./data).")
    Path dataDir;

    @Option(names = "--port", description = "SCIM / admin HTTP port (default: 8080).")
    Integer port;

    /** The environment the settings are read from; tests set their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ConfigSource settings = Settings.load(environment, dataDir, port);
        LauncherConfig launcher = StackConfig.from(settings).launcher(); // every service's settings checked first
        Running running = new Running().closeOnShutdown();
        EmbeddedKafka kafka = running.add(EmbeddedKafka.start(
                launcher.kafkaLogDir(), launcher.kafkaPort(), launcher.kafkaControllerPort()));
        long brokerMs = (System.nanoTime() - started) / 1_000_000;
        StackConfig config = StackConfig.from(withLocalSecrets(launcher,
                settings.with(Map.of(ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers()))));

        IngestApiService api = Stack.start(config, running);
        long stackMs = (System.nanoTime() - started) / 1_000_000;
        String baseUrl = config.api().publicUrl().orElse("http://localhost:" + api.port());
        System.out.printf("Gatehouse is up in %.1f s (broker %.1f s): SCIM %s/scim/v2, door simulator http://localhost:%d%n",
                stackMs / 1000.0, brokerMs / 1000.0, baseUrl, config.launcher().simulatorPort());
        System.out.printf("Metrics and health (/metrics, /health/live, /health/ready): API port %d, processor %d, access-sync %d%n",
                api.port(), config.processor().processorPort(), config.sync().httpPort());
        if (demo) {
            Demo.run(api.tenantAdmin(), baseUrl, System.out);
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        running.awaitStop();
        return 0;
    }

    /** Uses the environment's admin key, webhook secret and encryption key, or keys kept (0600) in the data dir. */
    private static ConfigSource withLocalSecrets(LauncherConfig config, ConfigSource settings) {
        ConfigSource result = settings;
        if (config.adminKey().isEmpty()) {
            Path file = config.dataDir().resolve("admin.key");
            String key = Secrets.loadOrGenerate(file, "gh_admin_");
            result = result.with(Map.of(ConfigKeys.ADMIN_KEY, key));
            System.out.println("Admin key: in " + file.toAbsolutePath() + " (mode 0600; set GATEHOUSE_ADMIN_KEY to choose your own)");
        }
        if (config.webhookSecret().isEmpty()) {
            String secret = Secrets.loadOrGenerate(config.dataDir().resolve("webhook.secret"), "");
            result = result.with(Map.of(ConfigKeys.WEBHOOK_SECRET, secret));
        }
        if (config.encryptionKey().isEmpty()) {
            // 32 random bytes, base64: what GATEHOUSE_ENCRYPTION_KEY takes.
            String key = Secrets.loadOrGenerate(config.dataDir().resolve("encryption.key"), "");
            result = result.with(Map.of(ConfigKeys.ENCRYPTION_KEY, key));
        }
        return result;
    }
}
