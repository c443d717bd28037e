package dev.gatehouse.launcher;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.TopicReview;
import dev.gatehouse.pipeline.config.KafkaConfig;
import dev.gatehouse.pipeline.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse topics [--apply]}: the topic catalogue against the cluster, property by property,
 * wanted vs actual. Exit 0 when nothing is left drifting, 1 otherwise, so a deployment pipeline can
 * gate on it.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Review the cluster's topics against the catalogue (partitions, replication, cleanup policy, "
                + "retention, min.insync.replicas); exit 1 on unresolved drift.")
final class TopicsCommand implements Callable<Integer> {
    @Option(names = "--apply", description = "Create missing topics and set drifted configs back.")
    boolean apply;

    @Option(names = "--increase-partitions",
            description = "With --apply: raise partition counts below the catalogue's (moves tenants to other partitions).")
    boolean increasePartitions;

    /** Set by tests; otherwise read from the environment. */
    KafkaConfig config;
    PrintStream out = System.out;

    @Override
    public Integer call() {
        KafkaConfig settings = config != null ? config : KafkaConfig.from(Settings.load(null, null));
        Duration timeout = Duration.ofSeconds(30);
        try (Admin admin = Admin.create(KafkaProps.admin(settings))) {
            Topics topics = Topics.from(settings);
            TopicReview.Result result = TopicReview.review(admin, topics.specs(), timeout);
            if (apply) {
                result = TopicReview.apply(admin, result, increasePartitions, timeout);
            }
            out.print(result.table());
            int unresolved = result.unresolved().size();
            out.println(unresolved == 0 ? "No drift." : unresolved + " propert(y/ies) drifting"
                    + (apply ? " that cannot be applied automatically." : "; --apply resolves what can be."));
            return unresolved == 0 ? 0 : 1;
        }
    }
}
