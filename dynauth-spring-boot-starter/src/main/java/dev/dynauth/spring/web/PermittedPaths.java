package dev.dynauth.spring.web;

import dev.dynauth.spring.DynauthProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths the starter's default chains (servlet and reactive) let signed-out requests reach: {@code /api/auth/**},
 * {@code /error}, the application's own sign-in page, and {@code dynauth.public-paths}.
 */
public final class PermittedPaths {
    private PermittedPaths() {}

    public static List<String> of(DynauthProperties properties) {
        List<String> paths = new ArrayList<>(List.of(AuthPaths.BASE + "/**", "/error"));
        String signInPage = properties.getSignInPage();
        if (signInPage.startsWith("/") && !signInPage.startsWith(AuthPaths.BASE + "/")) {
            // the application's own sign-in page must be reachable signed out
            int query = signInPage.indexOf('?');
            paths.add(query < 0 ? signInPage : signInPage.substring(0, query));
        }
        paths.addAll(properties.getPublicPaths());
        return List.copyOf(paths);
    }
}
