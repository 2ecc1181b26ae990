package dev.dynauth.spring.session;

import dev.dynauth.spring.web.DynauthSecret;

import java.util.List;
import java.util.function.Function;

/** The secrets of JWT sessions, in Auth.js's order: {@link DynauthSecret#jwtSecrets}, the one place of that rule. */
final class JwtSecrets {

    private JwtSecrets() {
    }

    /**
     * @param configured {@code dynauth.session.jwt.secrets}: used as given when not empty
     * @param env        environment lookup ({@code AUTH_SECRET_1..3})
     * @param base       the starter's secret ({@code dynauth.secret}, else {@code AUTH_SECRET} or {@code NEXTAUTH_SECRET})
     */
    static List<String> resolve(List<String> configured, Function<String, String> env, DynauthSecret base) {
        return base.jwtSecrets(configured, env); // one place: DynauthSecret
    }
}
