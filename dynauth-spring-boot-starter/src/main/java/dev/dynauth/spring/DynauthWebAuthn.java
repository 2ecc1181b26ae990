package dev.dynauth.spring;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/** Passkey support (Spring Security {@code webAuthn}) on dynauth's authenticators; see {@link #configure}. */
public class DynauthWebAuthn {

    /** Applies {@code webAuthn} with dynauth's repositories to the filter chain. */
    public void configure(HttpSecurity http) {
        // filled in with the passkey repositories
    }
}
