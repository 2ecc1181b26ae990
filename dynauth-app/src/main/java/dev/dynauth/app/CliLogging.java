package dev.dynauth.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The commands' logging, configured in code (found by logback's service loader) rather than from an XML file:
 * logback's XML configuration loads a parser and its model classes, a tenth of an admin command's start. Only
 * warnings, to standard error, and DynamoDB Local's answered errors not at all (it logs every one it answers, a
 * missing table or a failed condition, with a stack trace at WARN: the client gets the error and decides what it
 * means). Only in the {@code dynauth} process ({@link Main} sets {@link #SWITCH}): anywhere else (tests, an
 * application with dynauth-app on its class path) logback configures itself as usual. {@code serve} then logs
 * as a Spring Boot application, which replaces this configuration.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CliLogging extends ContextAwareBase implements Configurator {
    /** The system property that turns this configuration on. */
    static final String SWITCH = "dynauth.cli-logging";
    /** DynamoDB Local's expiry job's logger. */
    static final String TTL_JOB = "software.amazon.dynamodb.services.local.shared.jobs.TimeToLiveDeletionJob";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!Boolean.getBoolean(SWITCH)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler").setLevel(Level.ERROR);
        // DynamoDB Local's expiry job (a background scan every few seconds) races a command's end: it scans while the
        // store closes and logs that at ERROR with a stack trace, after the command's own output. Expired items are
        // serve's sweep's and purge-expired's business, never an admin command's.
        context.getLogger(TTL_JOB).setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
