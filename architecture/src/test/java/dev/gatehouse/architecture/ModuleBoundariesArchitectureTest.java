package dev.gatehouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries of docs/architecture.md, checked on every module's production classes. Rules name
 * packages, not modules, so they hold wherever a package's classes are built.
 */
@AnalyzeClasses(packages = "dev.gatehouse", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesArchitectureTest {

    private static final String[] SCIM_CORE = {"dev.gatehouse.scim..", "dev.gatehouse.contract.."};
    private static final String INGEST_API = "dev.gatehouse.api..";
    private static final String STREAM_PROCESSOR = "dev.gatehouse.processor..";
    private static final String ACCESS_SYNC = "dev.gatehouse.sync..";
    private static final String LAUNCHER = "dev.gatehouse.launcher..";
    private static final String DOOR_SIMULATORS = "dev.gatehouse.simulator..";

    @ArchTest
    static final ArchRule scimCoreUsesNoKafka = noClasses().that().resideInAnyPackage(SCIM_CORE)
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
            .because("the SCIM domain and the pipeline records are pure Java: Kafka is the pipeline module's "
                    + "business, so the domain can be tested, reused and replayed without a broker");

    @ArchTest
    static final ArchRule scimCoreUsesNoHttp = noClasses().that().resideInAnyPackage(SCIM_CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "java.net.http..")
            .because("SCIM semantics (resources, filters, PATCH, errors) do not depend on how a request arrived "
                    + "or how a door system is called: HTTP belongs to ingest-api and access-sync");

    @ArchTest
    static final ArchRule scimCoreDoesNotLog = noClasses().that().resideInAnyPackage(SCIM_CORE)
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "ch.qos.logback..")
            .because("the domain reports through return values and ScimException; what is logged, at which level "
                    + "and without which personal data is decided by the services");

    @ArchTest
    static final ArchRule ingestApiStandsAlone = standsAlone(INGEST_API, STREAM_PROCESSOR, ACCESS_SYNC,
            "ingest-api runs as its own service and speaks to the others only through Kafka topics and "
                    + "the query endpoint; the launcher assembles services, and the door simulators stand in for "
                    + "external systems");

    @ArchTest
    static final ArchRule streamProcessorStandsAlone = standsAlone(STREAM_PROCESSOR, INGEST_API, ACCESS_SYNC,
            "the stream processor runs as its own service and speaks to the others only through Kafka "
                    + "topics; the launcher assembles services, and the door simulators stand in for external "
                    + "systems");

    @ArchTest
    static final ArchRule accessSyncStandsAlone = standsAlone(ACCESS_SYNC, INGEST_API, STREAM_PROCESSOR,
            "access-sync runs as its own service and learns of changes only from Kafka topics; the "
                    + "launcher assembles services, and the door simulators are the far side of a connector, "
                    + "reached over the network like a real door system");

    @ArchTest
    static final ArchRule doorSimulatorsKnowNoService = noClasses().that().resideInAPackage(DOOR_SIMULATORS)
            .should().dependOnClassesThat().resideInAnyPackage(INGEST_API, STREAM_PROCESSOR, ACCESS_SYNC, LAUNCHER)
            .because("a simulator stands in for an external door system: it knows that system's API and "
                    + "webhook, never Gatehouse's code, so what passes against it passes against the real one");

    @ArchTest
    static final ArchRule onlyTheLauncherRunsDoorSimulators = noClasses()
            .that().resideOutsideOfPackages(LAUNCHER, DOOR_SIMULATORS)
            .should().dependOnClassesThat().resideInAPackage(DOOR_SIMULATORS)
            .because("the simulators run from the launcher (`up --demo`, `gatehouse simulator`) and in tests, "
                    + "never inside a service or the shared modules");

    @ArchTest
    static final ArchRule rocksDbOnlyInStores = noClasses()
            .that().resideOutsideOfPackages("dev.gatehouse.processor.store..", "dev.gatehouse.sync.store..")
            .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
            .because("RocksDB is state storage: its native memory, options and lifecycle are managed in one place "
                    + "per service (the store packages), never leaked into topology, delivery or HTTP code");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.gatehouse.(**)")
            .should().beFreeOfCycles()
            .because("packages that depend on each other cannot be understood, tested or moved apart one at a "
                    + "time; dependencies point one way");

    @ArchTest
    static final ArchRule connectorsAreIndependent = slices().matching("dev.gatehouse.sync.connector.(*)..")
            .should().notDependOnEachOther()
            .because("each door-system connector stands on the connector SPI (dev.gatehouse.sync.connector) "
                    + "alone, so one can be added, changed or removed without touching another");

    /**
     * A service's classes use neither of the two other services, nor the launcher that assembles them,
     * nor the door simulators.
     */
    private static ArchRule standsAlone(String service, String other, String another, String because) {
        return noClasses().that().resideInAPackage(service)
                .should().dependOnClassesThat().resideInAnyPackage(other, another, LAUNCHER, DOOR_SIMULATORS)
                .because(because);
    }
}
