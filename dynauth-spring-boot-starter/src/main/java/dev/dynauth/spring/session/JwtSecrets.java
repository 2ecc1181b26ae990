package dev.dynauth.spring.session;

import dev.dynauth.spring.web.DynauthSecret;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The secrets of JWT sessions, in Auth.js's order. {@code @auth/core}'s {@code setEnvDefaults} starts from
 * {@code [AUTH_SECRET]} and puts {@code AUTH_SECRET_1}, {@code _2}, {@code _3} each in front in turn, so the
 * list is {@code [_3, _2, _1, AUTH_SECRET]}: the highest-numbered secret set encodes new tokens.
 */
public final class JwtSecrets {

    private JwtSecrets() {
    }

    /**
     * @param configured {@code dynauth.session.jwt.secrets}: used as given when not empty
     * @param env        environment lookup ({@code AUTH_SECRET_1..3})
     * @param base       the starter's secret ({@code dynauth.secret}, else {@code AUTH_SECRET} or {@code NEXTAUTH_SECRET})
     */
    public static List<String> resolve(List<String> configured, Function<String, String> env, DynauthSecret base) {
        if (configured != null && !configured.isEmpty()) {
            return List.copyOf(configured);
        }
        List<String> secrets = new ArrayList<>();
        secrets.add(base.value());
        for (int i = 1; i <= 3; i++) {
            String s = env.apply("AUTH_SECRET_" + i);
            if (s != null && !s.isBlank()) {
                secrets.add(0, s);
            }
        }
        return List.copyOf(secrets);
    }
}
