package dev.gatehouse.processor;

import dev.gatehouse.contract.TimelineEvent;
import dev.gatehouse.pipeline.JsonSerde;
import dev.gatehouse.processor.store.StoreKeys;
import dev.gatehouse.processor.store.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the timeline topic queryable: each event goes into the timeline window store under
 * {@code tenant/resourceId} at the event's own time, so the store answers a person's events newest first
 * and drops whole segments once they are older than the retention, with no clean-up of its own. The
 * topic is keyed by tenant id, so the task holding a tenant's timeline is the one of the tenant id's
 * partition, as for the command stores (though not necessarily on the same instance: the query server
 * locates it by this store). An unreadable record is logged and skipped: a timeline is a view, and one
 * bad record must not stop the others.
 */
final class TimelineProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(TimelineProcessor.class);
    private static final JsonSerde<TimelineEvent> EVENTS = JsonSerde.of(TimelineEvent.class);

    private WindowStore<String, TimelineEvent> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StoreNames.TIMELINE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        TimelineEvent event;
        try {
            event = EVENTS.fromBytes(record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable timeline record (key {})", record.key());
            return;
        }
        if (event == null || event.tenantId() == null || event.resourceId() == null) {
            return;
        }
        long at = event.at() == null ? record.timestamp() : event.at().toEpochMilli();
        store.put(StoreKeys.timeline(event.tenantId(), event.resourceId()), event, at);
    }
}
