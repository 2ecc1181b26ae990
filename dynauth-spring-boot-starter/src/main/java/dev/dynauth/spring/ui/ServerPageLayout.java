package dev.dynauth.spring.ui;

import org.springframework.web.server.ServerWebExchange;

/**
 * {@link DynauthPageLayout} for a reactive (WebFlux) application: the document around the starter's pages, given the
 * exchange instead of a servlet request. Declare a bean of this type to put the pages in the application's layout;
 * the default is the same bare document as the servlet side's ({@link #standard()}).
 */
@FunctionalInterface
public interface ServerPageLayout {

    /** As {@link DynauthPageLayout#render}: the whole document; {@code bodyHtml} is already escaped HTML. */
    String render(ServerWebExchange exchange, DynauthPageLayout.Page page, String title, String bodyHtml);

    /** The starter's default, the servlet side's {@link DynauthPageLayout#standard()} document. */
    static ServerPageLayout standard() {
        return (exchange, page, title, bodyHtml) -> Html.document(title, bodyHtml);
    }
}
