package dev.dynauth.spring.session;

import dev.dynauth.AdapterUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * How the servlet side signs in and out: {@link DatabaseSessions} (Auth.js database sessions) or
 * {@link DynauthJwtSessions} (JWTs, with database sessions accepted while migrating). {@link DynauthSessions}, the
 * one type an application sees, holds the strategy {@link SessionConfiguration} chose from {@code dynauth.session.strategy}.
 */
interface SessionStrategy {

    DynauthAuthentication signIn(AdapterUser user, HttpServletRequest request, HttpServletResponse response);

    void signOut(HttpServletRequest request, HttpServletResponse response);

    /** Whether {@link #signOutOtherDevices} ends every other session. */
    boolean endsOtherDevices();

    boolean signOutOtherDevices(DynauthAuthentication current, HttpServletRequest request, HttpServletResponse response);
}
