# pks-stream image: built with the Maven wrapper on a JDK, run as a Quarkus fast-jar on a JRE.
#   docker build -t pks-stream .
FROM eclipse-temurin:25-jdk AS build
WORKDIR /build
# Dependencies first, in their own layer, so that a source change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline || true
COPY src src
# The JSON Schemas of the event contract are served by the service (see pom.xml resources).
COPY kafka kafka
RUN ./mvnw -B package -DskipTests

FROM eclipse-temurin:25-jre
# uid 185 as in the Helm chart's podSecurityContext; the state directory must be writable for it.
RUN groupadd --system --gid 185 pks && useradd --system --uid 185 --gid pks --no-create-home pks \
    && mkdir -p /deployments /var/lib/pks-stream/state && chown -R 185:185 /var/lib/pks-stream
WORKDIR /deployments
# The fast-jar layout, libraries first: they change less often than the application.
COPY --from=build --chown=185:185 /build/target/quarkus-app/lib/ lib/
COPY --from=build --chown=185:185 /build/target/quarkus-app/*.jar ./
COPY --from=build --chown=185:185 /build/target/quarkus-app/app/ app/
COPY --from=build --chown=185:185 /build/target/quarkus-app/quarkus/ quarkus/
USER 185
EXPOSE 8080
VOLUME /var/lib/pks-stream/state
# RocksDB (Kafka Streams' state stores) loads a native library; Quarkus logs through JBoss LogManager.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", \
    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
