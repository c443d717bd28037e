# One image for every Gatehouse service; docker-compose.yml picks the subcommand.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install

FROM eclipse-temurin:17.0.15_6-jre
RUN useradd --system --uid 10001 gatehouse && mkdir /data && chown gatehouse /data
COPY --from=build /src/launcher/target/gatehouse.jar /opt/gatehouse/gatehouse.jar
USER gatehouse
# Two malloc arenas, as ./gatehouse sets: RocksDB and many threads otherwise spread native memory
# over one arena per core and thread group (docs/operations.md, "Memory").
ENV GATEHOUSE_DATA_DIR=/data \
    GATEHOUSE_LOG_FORMAT=json \
    MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/gatehouse/gatehouse.jar"]
