package dev.gatehouse.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Testcontainers' Kafka module, loaded only where a Docker engine is to be used. */
final class ContainerKafka {
    /** Pinned like docker-compose.yml's broker. */
    static final String IMAGE = "apache/kafka:4.4.0";

    private ContainerKafka() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper at JVM exit
    static String start() {
        KafkaContainer kafka = new KafkaContainer(IMAGE);
        kafka.start();
        return kafka.getBootstrapServers();
    }
}
