package com.example.both;

import dev.dynauth.AdapterUser;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The Spring side: signs users in by itself (the starter's sign-in page and magic links) and recognises those the
 * Next.js app signed in; signing out here signs out of the Next.js app too. Everything else is configuration.
 */
@SpringBootApplication
@RestController
public class ServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ServiceApplication.class, args);
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home(@AuthenticationPrincipal AdapterUser user, CsrfToken csrf) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Spring service</title></head>"
                + "<body><h1>Spring service</h1><p id=\"who\">Signed in as " + HtmlUtils.htmlEscape(user.email()) + "</p>"
                + "<form method=\"post\" action=\"/api/auth/signout\"><input type=\"hidden\" name=\""
                + csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\">"
                + "<button id=\"sign-out\">Sign out</button></form></body></html>";
    }
}
