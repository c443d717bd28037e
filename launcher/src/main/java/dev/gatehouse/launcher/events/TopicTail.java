package dev.gatehouse.launcher.events;

import dev.gatehouse.pipeline.KafkaProps;
import dev.gatehouse.pipeline.config.KafkaConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads one topic for {@code events tail} with a plain consumer: partitions assigned by hand, no consumer
 * group, nothing committed, topics never created, only committed transactional output
 * ({@code read_committed}). The end of the history is the end offsets taken when the read starts, so a
 * read without follow always ends; {@link #stop} (from another thread, e.g. on SIGTERM) ends any read.
 */
public final class TopicTail implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    /** Where an event goes; false when no more are wanted. */
    public interface Sink {
        boolean accept(Event event);
    }

    /** The topic is not on the cluster. */
    public static final class NoSuchTopicException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoSuchTopicException(String topic) {
            super("topic " + topic + " does not exist on the cluster");
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Predicate<Event> keep;
    private final Consumer<Event> unreadable;
    private final Duration timeout;
    private volatile boolean stopped;
    private List<TopicPartition> partitions;
    private Map<TopicPartition, Long> beginning;
    private Map<TopicPartition, Long> end;
    /** The one partition a bounded read has assigned, and where its next poll continues (-1: seek). */
    private TopicPartition reading;
    private long continuesAt = -1;

    /**
     * @param keep       which events to hand on (e.g. one organization's)
     * @param unreadable told of each record kept by {@code keep}'s key rules whose value is not JSON
     * @param timeout    how long to wait for the cluster's metadata and offsets
     */
    public TopicTail(KafkaConfig config, String topic, Predicate<Event> keep, Consumer<Event> unreadable, Duration timeout) {
        Map<String, Object> props = KafkaProps.consumer(config, "gatehouse-events-tail", null);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.keep = keep;
        this.unreadable = unreadable;
        this.timeout = timeout;
    }

    /**
     * Takes the topic's partitions and their beginning and end offsets: the history a bounded read covers.
     *
     * @throws NoSuchTopicException if the topic does not exist
     */
    public void open() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new NoSuchTopicException(topic);
        }
        partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        beginning = consumer.beginningOffsets(partitions, timeout);
        end = consumer.endOffsets(partitions, timeout);
    }

    /**
     * The last {@code n} kept events of the history: the last {@code n} of each partition, merged
     * {@link Event#CHRONOLOGICAL chronologically}, of which the last {@code n}, oldest first.
     */
    public List<Event> last(int n) {
        List<Event> merged = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            merged.addAll(lastOf(partition, n));
        }
        merged.sort(Event.CHRONOLOGICAL);
        return merged.subList(Math.max(0, merged.size() - n), merged.size());
    }

    /** A partition's last {@code n} kept events, reading back from its end in doubling windows. */
    private List<Event> lastOf(TopicPartition partition, int n) {
        long first = beginning.get(partition);
        long hi = end.get(partition);
        long window = Math.max(n, 64);
        Deque<Event> found = new ArrayDeque<>();
        while (found.size() < n && hi > first && !stopped) {
            long lo = Math.max(first, hi - window);
            List<Event> chunk = new ArrayList<>();
            read(partition, lo, hi, event -> {
                chunk.add(event);
                return true;
            });
            for (int i = chunk.size() - 1; i >= 0; i--) {
                found.addFirst(chunk.get(i));
            }
            hi = lo;
            window = Math.min(window * 2, Long.MAX_VALUE / 4);
        }
        while (found.size() > n) {
            found.removeFirst();
        }
        return new ArrayList<>(found);
    }

    /**
     * The whole history of kept events, merged chronologically across partitions (each partition in offset
     * order), into {@code sink} until it wants no more.
     *
     * @return false when the sink wanted no more (or the read was stopped)
     */
    public boolean fromBeginning(Sink sink) {
        Map<TopicPartition, Long> position = new HashMap<>(beginning);
        Map<TopicPartition, Deque<Event>> buffered = new HashMap<>();
        PriorityQueue<Event> heads = new PriorityQueue<>(Event.CHRONOLOGICAL);
        for (TopicPartition partition : partitions) {
            buffered.put(partition, new ArrayDeque<>());
            refill(partition, position, buffered, heads);
        }
        while (!heads.isEmpty() && !stopped) {
            Event next = heads.poll();
            TopicPartition partition = new TopicPartition(next.topic(), next.partition());
            buffered.get(partition).removeFirst();
            if (!sink.accept(next)) {
                return false;
            }
            refill(partition, position, buffered, heads);
        }
        return !stopped;
    }

    /** Makes the partition's next kept event (if any is left before the end) a head of the merge. */
    private void refill(TopicPartition partition, Map<TopicPartition, Long> position,
            Map<TopicPartition, Deque<Event>> buffered, PriorityQueue<Event> heads) {
        Deque<Event> buffer = buffered.get(partition);
        long stop = end.get(partition);
        while (buffer.isEmpty() && position.get(partition) < stop && !stopped) {
            position.put(partition, readSome(partition, position.get(partition), stop, buffer::addLast));
        }
        if (!buffer.isEmpty()) {
            heads.add(buffer.peekFirst());
        }
    }

    /**
     * New events after the history (from the end offsets taken at {@link #open}), in each partition's order
     * as they arrive, until the sink wants no more or {@link #stop} is called.
     */
    public void follow(Sink sink) {
        reading = null;
        consumer.assign(partitions);
        partitions.forEach(p -> consumer.seek(p, end.get(p)));
        try {
            while (!stopped) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Event event = Event.of(record);
                    if (keep.test(event) && !handOn(event, sink)) {
                        return;
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() was called: the read ends
        }
    }

    /** Reads {@code [from, to)} of one partition into {@code sink} until it wants no more. */
    private void read(TopicPartition partition, long from, long to, Sink sink) {
        long position = from;
        while (position < to && !stopped) {
            List<Event> some = new ArrayList<>();
            position = readSome(partition, position, to, some::add);
            for (Event event : some) {
                if (!sink.accept(event)) {
                    return;
                }
            }
        }
    }

    /** One poll's kept events of {@code [from, to)} of one partition; returns the position after them. */
    private long readSome(TopicPartition partition, long from, long to, Consumer<Event> into) {
        try {
            // Re-seeking where the last poll ended would drop the fetch already on its way.
            if (!partition.equals(reading) || from != continuesAt) {
                consumer.assign(List.of(partition));
                consumer.seek(partition, from);
                reading = partition;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() >= to) {
                    continue;
                }
                Event event = Event.of(record);
                if (keep.test(event)) {
                    if (event.readable()) {
                        into.accept(event);
                    } else {
                        unreadable.accept(event);
                    }
                }
            }
            // Past records, transaction markers and aborted records alike; records deleted meanwhile move it on.
            continuesAt = consumer.position(partition, timeout);
            return continuesAt;
        } catch (WakeupException e) {
            return to;
        }
    }

    private boolean handOn(Event event, Sink sink) {
        if (!event.readable()) {
            unreadable.accept(event);
            return true;
        }
        return sink.accept(event);
    }

    /** Ends any read in progress (and every later one); safe from any thread. */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
