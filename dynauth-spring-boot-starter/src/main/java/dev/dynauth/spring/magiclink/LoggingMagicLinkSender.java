package dev.dynauth.spring.magiclink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development sender: logs the link, token included, at WARN under the logger
 * {@code dev.dynauth.spring.magic-links}. The only place dynauth ever prints a token; active only
 * when {@code dynauth.email.log-links} is true (the default in embedded mode only).
 */
class LoggingMagicLinkSender implements MagicLinkSender {

    private static final Logger LOG = LoggerFactory.getLogger("dev.dynauth.spring.magic-links");

    @Override
    public void send(MagicLink link) {
        LOG.warn("DEVELOPMENT ONLY: sign-in link for {} (valid until {}): {}", link.identifier(), link.expires(), link.url());
    }
}
