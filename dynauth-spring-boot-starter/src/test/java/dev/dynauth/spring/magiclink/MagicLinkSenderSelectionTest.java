package dev.dynauth.spring.magiclink;

import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dynauth.local.DynamoDbLocal;
import dev.dynauth.local.DynamoDbLocalExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Which sender delivers magic links: Spring Mail when configured, the log only in development. */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class MagicLinkSenderSelectionTest {

    static DynamoDbLocal local;

    @BeforeAll
    static void start() {
        local = DynamoDbLocalExtension.sharedServer(); // the run's one DynamoDB Local; its tables are named per test
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DynauthAutoConfiguration.class))
            .withBean(DynamoDbClient.class, () -> local.client(), bd -> bd.setDestroyMethodName(""))
            .withPropertyValues("dynauth.secret=s3cret");

    /** Keeps messages instead of talking SMTP. */
    static final class KeepingMailSender extends JavaMailSenderImpl {
        final List<SimpleMailMessage> sent = new ArrayList<>();

        @Override
        public void send(SimpleMailMessage... messages) {
            sent.addAll(List.of(messages));
        }
    }

    @Test
    void springMailIsUsedWhenConfigured() {
        KeepingMailSender mail = new KeepingMailSender();
        runner.withBean(JavaMailSender.class, () -> mail).withPropertyValues("dynauth.email.from=auth@example.com")
                .run(ctx -> {
                    MagicLinkSender sender = ctx.getBean(MagicLinkSender.class);
                    assertThat(sender).isInstanceOf(MailMagicLinkSender.class);
                    sender.send(new MagicLink("ada@example.com", "https://app/api/auth/callback/email?token=abc",
                            Instant.parse("2030-01-01T00:00:00Z")));
                    assertThat(mail.sent).hasSize(1);
                    assertThat(mail.sent.get(0).getTo()).containsExactly("ada@example.com");
                    assertThat(mail.sent.get(0).getFrom()).isEqualTo("auth@example.com");
                    assertThat(mail.sent.get(0).getText()).contains("https://app/api/auth/callback/email?token=abc");
                });
    }

    @Test
    void withoutMailLinksAreLoggedOnlyWhenAllowed(org.springframework.boot.test.system.CapturedOutput output) {
        runner.withPropertyValues("dynauth.email.log-links=true")
                .run(ctx -> assertThat(ctx.getBean(MagicLinkSender.class)).isInstanceOf(LoggingMagicLinkSender.class));
        // the application's own client is not embedded mode: no logging by default, and sending fails clearly
        runner.run(ctx -> {
            MagicLinkSender sender = ctx.getBean(MagicLinkSender.class);
            assertThat(sender).isNotInstanceOf(LoggingMagicLinkSender.class);
            assertThatThrownBy(() -> sender.send(new MagicLink("a@example.com", "u", Instant.now())))
                    .hasMessageContaining("no MagicLinkSender")
                    .hasMessageNotContaining("u\"");
        });
        // one start-up line says what is missing and which properties turn email sign-in on or off
        assertThat(output.getAll().lines().filter(l -> l.contains("email sign-in is off")).toList()).singleElement()
                .asString().contains("spring.mail.host", "dynauth.email.log-links=true", "dynauth.email.enabled=false");
    }

    @Test
    void magicLinksCanBeTurnedOff() {
        runner.withPropertyValues("dynauth.email.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(MagicLinkService.class));
    }
}
