package dev.dynauth.app.web;

import dev.dynauth.spring.ui.Html;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Plain error pages instead of Spring's white-label page; never a stack trace. */
@RestController
class ErrorPages implements ErrorController {
    private final Pages pages;

    ErrorPages(Pages pages) {
        this.pages = pages;
    }

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null) status = HttpStatus.INTERNAL_SERVER_ERROR;
        String text = switch (status.value()) {
            case 400 -> "The request was not understood.";
            case 403 -> "That is not allowed. If you submitted a form, reload the page and try again.";
            case 404 -> "There is no such page.";
            case 405 -> "That page does not take this kind of request.";
            default -> status.is5xxServerError() ? "Something went wrong on our side. Please try again."
                    : "The request could not be completed.";
        };
        return pages.page(request, status, status.value() + " " + status.getReasonPhrase(),
                "<p>" + Html.esc(text) + "</p><p><a href=\"/\">Go to the home page</a></p>");
    }
}
