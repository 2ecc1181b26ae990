package dev.dynauth.spring;

import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** A cookie-keeping client over MockMvc; asserts that no request ever got an HttpSession. */
public final class Browser {

    private final MockMvc mvc;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    public final List<String> setCookieHeaders = new ArrayList<>();
    public boolean secure;

    public Browser(MockMvc mvc) {
        this.mvc = mvc;
    }

    public MvcResult get(String url) throws Exception {
        return perform(MockMvcRequestBuilders.get(java.net.URI.create(url)).accept("text/html"));
    }

    public MvcResult post(String url, Map<String, String> form) throws Exception {
        MockHttpServletRequestBuilder b = MockMvcRequestBuilders.post(url).contentType("application/x-www-form-urlencoded");
        form.forEach(b::param);
        return perform(b);
    }

    public MvcResult perform(MockHttpServletRequestBuilder b) throws Exception {
        if (secure) {
            b.secure(true);
        }
        if (!cookies.isEmpty()) {
            b.cookie(cookies.entrySet().stream().map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new));
        }
        MvcResult r = mvc.perform(b).andReturn();
        if (r.getRequest().getSession(false) != null) {
            throw new AssertionError("an HttpSession was created for " + r.getRequest().getRequestURI());
        }
        setCookieHeaders.clear();
        for (String h : r.getResponse().getHeaders(HttpHeaders.SET_COOKIE)) {
            setCookieHeaders.add(h);
            String pair = h.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (h.contains("Max-Age=0") || value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return r;
    }

    public String setCookie(String name) {
        return setCookieHeaders.stream().filter(h -> h.startsWith(name + "=")).findFirst().orElse(null);
    }

    /** The CSRF token of the hidden field of the last page. */
    public static String csrfField(MvcResult page) throws Exception {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.getResponse().getContentAsString());
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page");
        }
        return m.group(1);
    }
}
