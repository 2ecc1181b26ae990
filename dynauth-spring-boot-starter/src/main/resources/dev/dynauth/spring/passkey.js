// dynauth: the passkey button of the sign-in page (Spring Security's passkey login needs JavaScript).
// The button stays hidden without JavaScript or WebAuthn; the email form and provider links work without it.
(function () {
  "use strict";
  var button = document.getElementById("dynauth-passkey");
  if (!button || !window.PublicKeyCredential || !window.fetch || !navigator.credentials) {
    return;
  }
  var status = document.getElementById("dynauth-passkey-status");
  var base = button.getAttribute("data-context-path") || "";
  var headers = { "Content-Type": "application/json" };
  if (button.getAttribute("data-csrf-header")) {
    headers[button.getAttribute("data-csrf-header")] = button.getAttribute("data-csrf-token");
  }

  function decode(text) {
    var bin = window.atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      bytes[i] = bin.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var bin = "";
    for (var i = 0; i < bytes.length; i++) {
      bin += String.fromCharCode(bytes[i]);
    }
    return window.btoa(bin).replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_");
  }

  function post(path, body) {
    return fetch(base + path, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    if (status) {
      status.textContent = "";
    }
    post("/webauthn/authenticate/options").then(function (options) {
      options.challenge = decode(options.challenge);
      options.allowCredentials = (options.allowCredentials || []).map(function (c) {
        return Object.assign({}, c, { id: decode(c.id) });
      });
      return navigator.credentials.get({ publicKey: options });
    }).then(function (credential) {
      var r = credential.response;
      return post("/login/webauthn", {
        id: credential.id,
        rawId: encode(credential.rawId),
        response: {
          authenticatorData: encode(r.authenticatorData),
          clientDataJSON: encode(r.clientDataJSON),
          signature: encode(r.signature),
          userHandle: r.userHandle ? encode(r.userHandle) : undefined
        },
        credType: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      });
    }).then(function (result) {
      if (!result || !result.authenticated || !result.redirectUrl) {
        throw new Error("not signed in");
      }
      window.location.href = result.redirectUrl;
    }).catch(function () {
      button.disabled = false;
      if (status) {
        status.textContent = "Signing in with a passkey did not work. Try again, or sign in another way.";
      }
    });
  });
})();
