package dev.dynauth.spring.ui;

import java.util.List;
import java.util.Optional;

/**
 * The OAuth2 providers the sign-in page offers, by registration id and name: stack-neutral, and free of the OAuth2
 * client's classes (an optional dependency), which only {@link UiConfiguration}'s conditional part names.
 */
interface SignInProviders {

    SignInProviders NONE = new SignInProviders() {
        @Override
        public List<Provider> all() {
            return List.of();
        }

        @Override
        public Optional<Provider> find(String registrationId) {
            return Optional.empty();
        }
    };

    record Provider(String registrationId, String name) {}

    /** In the registrations' order. */
    List<Provider> all();

    Optional<Provider> find(String registrationId);
}
