package dev.dynauth.spring.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

/** The reactive application's OAuth2 providers as the sign-in page lists them; loaded only with the OAuth2 client. */
final class OAuth2Providers {
    private OAuth2Providers() {}

    static boolean registered(ApplicationContext context) {
        return context.getBeanProvider(ReactiveClientRegistrationRepository.class).getIfAvailable() != null;
    }

    /** Boot's repository is in memory and iterable; another repository lists nothing (its providers still work). */
    static Supplier<List<SignInProviders.Provider>> of(ApplicationContext context) {
        ReactiveClientRegistrationRepository repository = context.getBean(ReactiveClientRegistrationRepository.class);
        List<SignInProviders.Provider> list = new ArrayList<>();
        if (repository instanceof Iterable<?> it) {
            for (Object o : it) {
                if (o instanceof ClientRegistration r) {
                    list.add(new SignInProviders.Provider(r.getRegistrationId(), r.getClientName()));
                }
            }
        }
        List<SignInProviders.Provider> providers = List.copyOf(list);
        return () -> providers;
    }
}
