package com.example.service;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every endpoint needs the gateway's token (Spring Boot's resource server, application.properties). {@code /me}
 * answers who the token names, and, to show what crosses the gateway, the names of the cookies and identity
 * headers the request carried.
 */
@SpringBootApplication
@RestController
public class ServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ServiceApplication.class, args);
    }

    @GetMapping("/me")
    public Map<String, Object> me(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", token.getSubject());
        me.put("email", token.getClaimAsString("email"));
        me.put("audience", token.getAudience());
        Cookie[] cookies = request.getCookies();
        me.put("cookies", cookies == null ? List.of() : Arrays.stream(cookies).map(Cookie::getName).toList());
        me.put("identityHeaders", Collections.list(request.getHeaderNames()).stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("x-dynauth") || h.equalsIgnoreCase("x-user-id"))
                .toList());
        return me;
    }
}
