package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;

/** What the admin commands log: warnings of their own, not DynamoDB Local's noise. */
class CliLoggingTest {

    @Test
    void dynamoDbLocalsExpiryJobIsSilentInCommandsOnly() {
        String before = System.getProperty(CliLogging.SWITCH);
        try {
            System.setProperty(CliLogging.SWITCH, "true");
            LoggerContext context = new LoggerContext();
            assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new CliLogging().configure(context));
            // it races a command's end and logs a stack trace after the command's output
            assertFalse(context.getLogger(CliLogging.TTL_JOB).isErrorEnabled());
            assertTrue(context.getLogger("dev.dynauth.app.Main").isWarnEnabled());
            assertTrue(context.getLogger("software.amazon.dynamodb.services.local.shared.jobs.OtherJob").isErrorEnabled());

            System.setProperty(CliLogging.SWITCH, "false");
            assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new CliLogging().configure(new LoggerContext()));
        } finally {
            if (before == null) {
                System.clearProperty(CliLogging.SWITCH);
            } else {
                System.setProperty(CliLogging.SWITCH, before);
            }
        }
    }
}
