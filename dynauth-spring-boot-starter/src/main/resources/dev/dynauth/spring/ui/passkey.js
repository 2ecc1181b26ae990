// dynauth: the passkey button of the sign-in page and the form of the passkeys page (Spring Security's
// passkey endpoints need JavaScript). The button and the form stay hidden without JavaScript or WebAuthn;
// the email form and provider links work without it. Every failure is said on the page, in words.
(function () {
  "use strict";
  var button = document.getElementById("dynauth-passkey");
  var form = document.getElementById("dynauth-passkey-register");
  var supported = window.PublicKeyCredential && window.fetch && navigator.credentials;
  if (!supported) {
    var registerStatus = document.getElementById("dynauth-passkey-register-status");
    if (form && registerStatus) {
      registerStatus.textContent = "This browser cannot create passkeys. Try another browser or device.";
    }
    return;
  }
  var holder = button || form;
  if (!holder) {
    return;
  }
  var base = holder.getAttribute("data-context-path") || "";
  var headers = { "Content-Type": "application/json" };
  if (holder.getAttribute("data-csrf-header")) {
    headers[holder.getAttribute("data-csrf-header")] = holder.getAttribute("data-csrf-token");
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

  // a failed request: its HTTP status travels with the error, so the message can say what happened
  function post(path, body) {
    return fetch(base + path, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        var failed = new Error("HTTP " + response.status);
        failed.status = response.status;
        throw failed;
      }
      return response.json();
    });
  }

  function say(element, text) {
    if (element) {
      element.textContent = text;
      element.setAttribute("role", "alert");
    }
  }

  // NotAllowedError: the person closed the prompt, it timed out, or no passkey of this site was there
  function cancelled(error) {
    return error && (error.name === "NotAllowedError" || error.name === "AbortError");
  }

  if (form) {
    register(form);
  }
  if (!button) {
    return;
  }
  var status = document.getElementById("dynauth-passkey-status");
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
    }).catch(function (error) {
      button.disabled = false;
      if (cancelled(error)) {
        say(status, "Signing in with a passkey was cancelled, or no passkey for this site was found on this "
            + "device. Try again, or sign in another way.");
      } else if (error && (error.status === 401 || error.status === 400)) {
        say(status, "That passkey is not known here: it may have been removed from your account. Sign in "
            + "another way, then add a new passkey.");
      } else {
        say(status, "Signing in with a passkey did not work. Try again, or sign in another way.");
      }
    });
  });

  function register(form) {
    var status = document.getElementById("dynauth-passkey-register-status");
    var submit = form.querySelector("button[type=submit]");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var label = form.elements.label.value.trim();
      if (!label) {
        say(status, "Give the passkey a name first, for example the device it is on.");
        return;
      }
      submit.disabled = true;
      if (status) {
        status.removeAttribute("role");
        status.textContent = "Follow your browser's prompt to create the passkey.";
      }
      post("/webauthn/register/options").then(function (options) {
        options.challenge = decode(options.challenge);
        options.user = Object.assign({}, options.user, { id: decode(options.user.id) });
        options.excludeCredentials = (options.excludeCredentials || []).map(function (c) {
          return Object.assign({}, c, { id: decode(c.id) });
        });
        return navigator.credentials.create({ publicKey: options });
      }).then(function (credential) {
        var r = credential.response;
        return post("/webauthn/register", {
          publicKey: {
            credential: {
              id: credential.id,
              rawId: encode(credential.rawId),
              response: {
                attestationObject: encode(r.attestationObject),
                clientDataJSON: encode(r.clientDataJSON),
                transports: r.getTransports ? r.getTransports() : []
              },
              type: credential.type,
              clientExtensionResults: credential.getClientExtensionResults(),
              authenticatorAttachment: credential.authenticatorAttachment
            },
            label: label
          }
        });
      }).then(function (result) {
        if (!result || !result.success) {
          throw new Error("not saved");
        }
        window.location.href = base + "/webauthn/register?done=added";
      }).catch(function (error) {
        submit.disabled = false;
        if (error && error.name === "InvalidStateError") {
          say(status, "This device already has a passkey for your account: it is in the list above.");
        } else if (cancelled(error)) {
          say(status, "No passkey was added: the prompt was closed or timed out. Try again when you are ready.");
        } else if (error && (error.status === 401 || error.status === 403)) {
          say(status, "No passkey was added: you were signed out, or the page is too old. Reload the page and "
              + "try again.");
        } else if (error && error.status === 400) {
          say(status, "No passkey was added: this site could not verify what your device sent, or the passkey is "
              + "already registered. Reload the page and try again.");
        } else {
          say(status, "No passkey was added: something went wrong. Reload the page and try again.");
        }
      });
    });
  }
})();
