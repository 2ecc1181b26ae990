package dev.dynauth.spring.stacks;

import dev.dynauth.spring.Browser;
import dev.dynauth.spring.MigrationWithRevocationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The shared session cases on the servlet stack, in the context of the {@link MigrationWithRevocationTest} classes (the
 * same {@code database,jwt} strategy; their revocation of JWTs on sign-out, passkeys and idle fault injectors change
 * nothing these cases look at).
 */
@MigrationWithRevocationTest
class ServletSessionBehaviourTest extends SessionBehaviourCases {

    @Autowired MockMvc mvc;
    @Autowired MeterRegistry meters;

    @Override
    Answer get(String path, Map<String, String> cookies, Map<String, String> headers) throws Exception {
        MockHttpServletRequestBuilder b = MockMvcRequestBuilders.get(path);
        if (!headers.containsKey("Accept")) {
            b.accept("application/json");
        }
        if (!cookies.isEmpty()) {
            b.cookie(cookies.entrySet().stream().map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new));
        }
        headers.forEach(b::header);
        MvcResult r = mvc.perform(b).andReturn();
        return new Answer(r.getResponse().getStatus(), r.getResponse().getContentAsString(),
                List.copyOf(r.getResponse().getHeaders("Set-Cookie")));
    }

    @Override
    Answer post(String path, Map<String, String> cookies, boolean csrf) throws Exception {
        Browser browser = new Browser(mvc);
        browser.cookies.putAll(cookies);
        MvcResult page = browser.get("/api/auth/signin");
        MvcResult r = browser.post(path, csrf ? Map.of("_csrf", Browser.csrfField(page)) : Map.of());
        return new Answer(r.getResponse().getStatus(), r.getResponse().getContentAsString(),
                List.copyOf(r.getResponse().getHeaders("Set-Cookie")));
    }

    @Override
    OptionalLong adapterCalls(String operation) {
        Search search = meters.find("dynauth.adapter.calls");
        if (operation != null) {
            search = search.tag("operation", operation);
        }
        return OptionalLong.of(search.timers().stream().mapToLong(Timer::count).sum());
    }
}
