// Tiaki page behaviour: passkey ceremonies and small helpers. No inline script anywhere.
(function () {
  'use strict';

  function fromBase64Url(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) { base64 += '='; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64Url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }

  function postJson(url, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    var header = meta('_csrf_header');
    if (header) { headers[header] = meta('_csrf'); }
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  function say(element, message, isError) {
    if (!element) { return; }
    element.textContent = message;
    element.classList.remove('hidden');
    element.classList.toggle('error-summary', !!isError);
    element.classList.toggle('notice', !isError);
  }

  async function signInWithPasskey(button) {
    var status = document.getElementById(button.getAttribute('data-status'));
    button.disabled = true;
    say(status, 'Waiting for your passkey. Follow the steps your device shows.', false);
    try {
      var optionsResponse = await postJson('/webauthn/authenticate/options');
      if (!optionsResponse.ok) { throw new Error('options ' + optionsResponse.status); }
      var options = await optionsResponse.json();
      options.challenge = fromBase64Url(options.challenge);
      options.allowCredentials = (options.allowCredentials || []).map(function (c) {
        return Object.assign({}, c, { id: fromBase64Url(c.id) });
      });
      var credential = await navigator.credentials.get({ publicKey: options });
      var response = credential.response;
      var result = await postJson('/login/webauthn', {
        id: credential.id,
        rawId: toBase64Url(credential.rawId),
        response: {
          authenticatorData: toBase64Url(response.authenticatorData),
          clientDataJSON: toBase64Url(response.clientDataJSON),
          signature: toBase64Url(response.signature),
          userHandle: response.userHandle ? toBase64Url(response.userHandle) : undefined
        },
        credType: credential.type,
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      });
      if (!result.ok) { throw new Error('sign-in ' + result.status); }
      var answer = await result.json();
      window.location.assign(answer.redirectUrl);
    } catch (error) {
      button.disabled = false;
      say(status, 'Signing in with a passkey did not work. Try again, or use another way to sign in.', true);
    }
  }

  async function registerPasskey(button) {
    var status = document.getElementById(button.getAttribute('data-status'));
    var labelInput = document.getElementById(button.getAttribute('data-label'));
    var done = document.getElementById(button.getAttribute('data-done'));
    var label = labelInput && labelInput.value.trim() ? labelInput.value.trim() : 'Passkey';
    button.disabled = true;
    say(status, 'Creating your passkey. Follow the steps your device shows.', false);
    try {
      var optionsResponse = await postJson('/webauthn/register/options');
      if (!optionsResponse.ok) { throw new Error('options ' + optionsResponse.status); }
      var options = await optionsResponse.json();
      options.challenge = fromBase64Url(options.challenge);
      options.user = Object.assign({}, options.user, { id: fromBase64Url(options.user.id) });
      options.excludeCredentials = (options.excludeCredentials || []).map(function (c) {
        return Object.assign({}, c, { id: fromBase64Url(c.id) });
      });
      var credential = await navigator.credentials.create({ publicKey: options });
      var response = credential.response;
      var result = await postJson('/webauthn/register', {
        publicKey: {
          credential: {
            id: credential.id,
            rawId: toBase64Url(credential.rawId),
            response: {
              attestationObject: toBase64Url(response.attestationObject),
              clientDataJSON: toBase64Url(response.clientDataJSON),
              transports: response.getTransports ? response.getTransports() : []
            },
            type: credential.type,
            clientExtensionResults: credential.getClientExtensionResults(),
            authenticatorAttachment: credential.authenticatorAttachment
          },
          label: label
        }
      });
      if (!result.ok) { throw new Error('register ' + result.status); }
      var answer = await result.json();
      if (!answer.success) { throw new Error('register refused'); }
      say(status, 'Your passkey is ready.', false);
      if (done) { done.submit(); }
    } catch (error) {
      button.disabled = false;
      say(status, 'Creating a passkey did not work. Try again, or use an authenticator app instead.', true);
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-passkey="sign-in"]').forEach(function (button) {
      button.classList.remove('hidden');
      button.addEventListener('click', function () { signInWithPasskey(button); });
    });
    document.querySelectorAll('[data-passkey="register"]').forEach(function (button) {
      button.addEventListener('click', function () { registerPasskey(button); });
    });
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.addEventListener('click', function () { window.print(); });
    });
    document.querySelectorAll('form[data-upload]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (!window.XMLHttpRequest || !window.FormData) { return; }
        event.preventDefault();
        var status = document.getElementById(form.getAttribute('data-upload'));
        var bar = status.querySelector('progress');
        var message = status.querySelector('span');
        var button = form.querySelector('button[type=submit]');
        status.classList.remove('hidden');
        button.disabled = true;
        message.textContent = '';
        var request = new XMLHttpRequest();
        request.open('POST', form.action);
        request.setRequestHeader('Accept', 'application/json');
        var header = meta('_csrf_header');
        if (header) { request.setRequestHeader(header, meta('_csrf')); }
        request.upload.addEventListener('progress', function (e) {
          if (e.lengthComputable) {
            var percent = Math.round(e.loaded / e.total * 100);
            bar.value = percent;
            bar.textContent = percent + '%';
            message.textContent = percent < 100 ? percent + '% sent' : 'Checking the file';
          }
        });
        request.addEventListener('load', function () {
          var answer = {};
          try { answer = JSON.parse(request.responseText); } catch (e) { answer = {}; }
          if (request.status >= 200 && request.status < 300 && answer.redirect) {
            window.location.assign(answer.redirect);
            return;
          }
          button.disabled = false;
          message.textContent = answer.message || answer.detail || 'The file was not added. Try again.';
          status.classList.add('error-summary');
        });
        request.addEventListener('error', function () {
          button.disabled = false;
          message.textContent = 'The connection was lost. Nothing was saved; try again.';
        });
        request.send(new FormData(form));
      });
    });
    document.querySelectorAll('[data-export-status]').forEach(function (panel) {
      var bar = panel.querySelector('progress');
      var message = panel.querySelector('[data-export-message]');
      var check = function () {
        fetch(panel.getAttribute('data-export-status'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (!answer) { return; }
            if (answer.working) {
              bar.value = answer.percent;
              bar.textContent = answer.percent + '%';
              message.textContent = answer.percent + '% done';
              window.setTimeout(check, 2000);
            } else {
              window.location.reload();
            }
          })
          .catch(function () { window.setTimeout(check, 5000); });
      };
      window.setTimeout(check, 2000);
    });
    var summary = document.querySelector('.error-summary[tabindex]');
    if (summary) { summary.focus(); }
  });
})();
