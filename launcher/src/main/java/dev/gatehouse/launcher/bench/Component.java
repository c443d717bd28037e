package dev.gatehouse.launcher.bench;

/**
 * Where the bench's stack spends CPU, as its threads tell ({@link ThreadNames}): the parts of the stack
 * in its one JVM, the JVM's own compiler and collector, and the rest.
 */
public enum Component {
    /** The embedded Kafka broker and its controller. */
    BROKER("broker"),
    /** The stream processor: stream threads, their Kafka clients, RocksDB's background threads, the query server. */
    PROCESSOR("processor"),
    /** The SCIM and admin API: HTTP threads, result listener, state readers, topic followers, its producers. */
    API("API"),
    /** access-sync: delivery threads, their consumers and producers, the door systems' HTTP clients. */
    SYNC("sync"),
    /** The door simulator, which stands in for the door systems and is not part of a production Gatehouse. */
    DOOR_SIMULATOR("doorsim"),
    /** The Kafka round trip's own echo and clients, which stand in for Gatehouse in the baseline. */
    ROUND_TRIP("RT echo"),
    /** The JIT compiler's threads. */
    JIT("JIT"),
    /** The garbage collector's threads. */
    GC("GC"),
    /** What no other part claims: the JVM's other threads, threads that ended between two readings, shared pools. */
    OTHER("other");

    private final String label;

    Component(String label) {
        this.label = label;
    }

    /** A short name, for a column heading. */
    public String label() {
        return label;
    }
}
