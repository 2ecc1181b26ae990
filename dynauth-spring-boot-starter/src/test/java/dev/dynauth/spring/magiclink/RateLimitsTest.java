package dev.dynauth.spring.magiclink;

import dev.dynauth.spring.Browser;
import dev.dynauth.spring.app.DynauthAppTest;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** {@link RateLimitCases} on the servlet app (MockMvc). */
@DynauthAppTest
class RateLimitsTest extends RateLimitCases {

    @Autowired MockMvc mvc;

    @Override
    Answer requestLink(String email) throws Exception {
        Browser browser = new Browser(mvc);
        MvcResult page = browser.get("/api/auth/signin");
        MvcResult r = browser.post("/api/auth/signin/email", Map.of("email", email, "_csrf", Browser.csrfField(page)));
        return new Answer(r.getResponse().getStatus(), pathAndQuery(r.getResponse().getRedirectedUrl()),
                r.getResponse().getContentAsString());
    }
}
