// Passkeys and security keys: asks the browser for a credential with the options the server
// put in the page, then submits the form with the answer. Without JavaScript (or WebAuthn)
// the button stays disabled and the authenticator-app form still works.
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    (options.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return { publicKey: options };
  }

  function requestOptions(options) {
    options.challenge = toBytes(options.challenge);
    (options.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return { publicKey: options };
  }

  function serialize(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || null,
      response: { clientDataJSON: toBase64url(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      json.response.userHandle = response.userHandle ? toBase64url(response.userHandle) : null;
    }
    return JSON.stringify(json);
  }

  function setUp(form) {
    var button = form.querySelector("[data-webauthn-button]");
    var error = form.querySelector("[data-webauthn-error]");
    var source = document.getElementById(form.getAttribute("data-webauthn-options"));
    if (!window.PublicKeyCredential || !navigator.credentials || !source) { return; }
    button.disabled = false;
    form.addEventListener("submit", function (event) {
      var field = form.querySelector("input[name=credential]");
      if (field.value) { return; }  // the answer is in: let the form go
      event.preventDefault();
      error.hidden = true;
      var options = JSON.parse(source.textContent);
      var register = form.getAttribute("data-webauthn") === "register";
      var asked = register
        ? navigator.credentials.create(creationOptions(options))
        : navigator.credentials.get(requestOptions(options));
      button.disabled = true;
      asked.then(function (credential) {
        field.value = serialize(credential);
        form.submit();
      }).catch(function () {
        button.disabled = false;
        error.textContent = document.documentElement.lang === "en"
          ? "The key did not answer or the request was cancelled. Try again."
          : "Cheia nu a răspuns sau ați anulat cererea. Încercați din nou.";
        error.hidden = false;
      });
    });
  }

  document.querySelectorAll("form[data-webauthn]").forEach(setUp);
})();
