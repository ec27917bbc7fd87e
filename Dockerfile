# Builds and runs TagDesk for docker compose (external mode: the database is the compose service "db").
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app tagdesk
WORKDIR /app
COPY --from=build /src/target/tagdesk-*.jar /app/tagdesk.jar
USER tagdesk
# Inside a container the console must listen beyond loopback; compose publishes it on 127.0.0.1 only.
ENV SERVER_ADDRESS=0.0.0.0
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/tagdesk.jar"]
