package dev.dynauth.spring.stacks;

import dev.dynauth.spring.Browser;
import dev.dynauth.spring.app.DynauthAppTest;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** {@link SessionLifetimeCases} on the servlet app (MockMvc). */
@DynauthAppTest(properties = {"dynauth.table-name=session-lifetime",
        "dynauth.session.max-lifetime=2h", "dynauth.session.update-age=0s"})
class ServletSessionLifetimeTest extends SessionLifetimeCases {

    @Autowired MockMvc mvc;

    @Override
    String signIn(String email) throws Exception {
        Browser b = new Browser(mvc);
        MvcResult page = b.get("http://localhost/api/auth/signin");
        b.post("http://localhost/api/auth/signin/email", Map.of("email", email, "_csrf", Browser.csrfField(page)));
        b.get(sender.last().url());
        return b.cookies.get("authjs.session-token");
    }

    @Override
    int me(String token) throws Exception {
        Browser b = new Browser(mvc);
        b.cookies.put("authjs.session-token", token);
        return b.perform(MockMvcRequestBuilders.get("/me").accept("application/json")).getResponse().getStatus();
    }
}
