package dev.dynauth.spring;

import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import dev.dynauth.spring.web.PublicUrl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Issue 8, defect 2: without a public URL, without trusting the Host header, and not a development application
 * (embedded or on a loopback address), the application does not start, and says what to set.
 */
class PublicUrlStartUpTest {

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DynauthAutoConfiguration.class,
                    dev.dynauth.spring.session.SessionAutoConfiguration.class,
                    org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration.class,
                    org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration.class))
            .withPropertyValues("dynauth.dynamodb.mode=aws", "dynauth.dynamodb.region=eu-west-1", "dynauth.secret=s",
                    "NEXT_AUTH_AWS_ACCESS_KEY=x", "NEXT_AUTH_AWS_SECRET_KEY=y");

    @Test
    void noPublicUrlFailsClosed() {
        runner.run(ctx -> assertThat(ctx.getStartupFailure())
                .hasMessageContaining("dynauth.url is not set").hasMessageContaining("AUTH_URL")
                .hasMessageContaining("dynauth.trust-host"));
    }

    @Test
    void aPublicUrlFromAnyOfItsSourcesStarts() {
        runner.withPropertyValues("dynauth.url=https://app.example.com").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(PublicUrl.class).configured()).contains("https://app.example.com");
        });
        runner.withPropertyValues("AUTH_URL=https://auth.example.com/api/auth").run(ctx ->
                assertThat(ctx.getBean(PublicUrl.class).configured()).contains("https://auth.example.com"));
        runner.withPropertyValues("NEXTAUTH_URL=https://old.example.com/").run(ctx ->
                assertThat(ctx.getBean(PublicUrl.class).configured()).contains("https://old.example.com"));
        runner.withPropertyValues("AUTH_TRUST_HOST=true").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(PublicUrl.class).trustHost()).isTrue();
        });
        runner.withPropertyValues("dynauth.trust-host=true").run(ctx -> assertThat(ctx).hasNotFailed());
        runner.withPropertyValues("server.address=127.0.0.1").run(ctx -> assertThat(ctx).hasNotFailed());
    }

    @Test
    void aMalformedPublicUrlIsAStartUpError() {
        for (String bad : new String[] {"app.example.com", "ftp://app.example.com", "https://u:p@app.example.com",
                "https://app.example.com/?x=1", "https://app.example.com/#f"}) {
            runner.withPropertyValues("dynauth.url=" + bad).run(ctx -> assertThat(ctx.getStartupFailure()).rootCause()
                    .hasMessageContaining("dynauth.url"));
        }
    }
}
