package com.example.shared;

import dev.dynauth.AdapterUser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

@SpringBootApplication
@RestController
public class SharedApplication {

    public static void main(String[] args) {
        SpringApplication.run(SharedApplication.class, args);
    }

    /** The user the Next.js app signed in: its session cookie and the table are all this service needs. */
    @GetMapping("/api/me")
    public Map<String, Object> me(@AuthenticationPrincipal AdapterUser user) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", user.id());
        me.put("email", user.email());
        me.put("name", user.name());
        return me;
    }

    /** A page of the service with a sign-out button: signing out here signs out of the Next.js app as well. */
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home(@AuthenticationPrincipal AdapterUser user, CsrfToken csrf) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Service</title></head><body>"
                + "<p>Signed in as " + HtmlUtils.htmlEscape(user.email()) + "</p>"
                + "<form method=\"post\" action=\"/api/auth/signout\">"
                + "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\">"
                + "<button>Sign out</button></form></body></html>";
    }
}
