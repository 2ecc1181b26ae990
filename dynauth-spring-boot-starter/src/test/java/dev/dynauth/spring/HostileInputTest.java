package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HostileInputCases} on the servlet stack (Tomcat), passkeys on ({@link TomcatAppTest}). */
@TomcatAppTest
class HostileInputTest extends HostileInputCases {

    @Override
    void beforeCases() {
        ch.qos.logback.classic.Logger parser = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "org.apache.coyote.http11.Http11Processor");
        assertTrue(!parser.isInfoEnabled(), "Tomcat's request parser logs request targets (tokens) at INFO and DEBUG");
    }
}
