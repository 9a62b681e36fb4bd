/* The browser toolkit shared by the Kemenag blocks: one copy of what every block's script needs.
 *
 * KemenagKit.csrf()                         the csrftoken cookie, for POSTs
 * KemenagKit.fmt(template, values)          "{name}" placeholders; a missing key stays "{name}"
 * KemenagKit.el(tag, attrs, children)       a DOM node; attrs.text sets textContent, attrs.html innerHTML
 * KemenagKit.withQuery(url, params)         the URL with params appended (encoded)
 * KemenagKit.call(runtime, element, handler, payload, options)
 *     POSTs JSON to the block's handler (runtime.handlerUrl) and resolves with the JSON answer.
 *     It rejects with an Error whose message is the server's (in the learner's language) and:
 *       .refused  true when the server answered 4xx (sending it again will not help),
 *       .code     the refusal's code ({"error", "code"} body), or "network" / "server",
 *       .status   the HTTP status (0 without an answer).
 *     A server error (5xx) is never reported as a network failure: options.strings.serverError
 *     and options.strings.networkError name each (defaults in English, blocks pass their own).
 *     options.method "GET" sends no body; options.query adds URL parameters.
 *
 * KemenagBoot(runtime, element, boot)        the runtime's initialiser of every Kemenag block
 *     (common/rendering.py): reads the block's start-up data from the JSON <script> element the
 *     server escaped for a script context, and calls window[boot.init](runtime, element, data).
 *     The runtime's own init-args <script> carries only the initialiser's name.
 */
(function () {
  "use strict";
  if (window.KemenagKit) { return; }

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function fmt(template, values) {
    values = values || {};
    return String(template).replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) && values[key] !== undefined && values[key] !== null
        ? String(values[key]) : whole;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) { return; }
      if (key === "text") { node.textContent = value; } else if (key === "html") { node.innerHTML = value; } else { node.setAttribute(key, value === true ? "" : value); }
    });
    (children || []).forEach(function (child) {
      if (child === undefined || child === null || child === false) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function withQuery(url, params) {
    var query = Object.keys(params || {}).filter(function (k) { return params[k] !== undefined && params[k] !== null; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
    if (!query) { return url; }
    return url + (url.indexOf("?") === -1 ? "?" : "&") + query;
  }

  function failure(message, status, code) {
    var error = new Error(message);
    error.status = status;
    error.code = code;
    error.refused = status >= 400 && status < 500;
    return error;
  }

  function call(runtime, element, handler, payload, options) {
    options = options || {};
    var strings = options.strings || {};
    var method = options.method || "POST";
    var init = { method: method, credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" } };
    if (method !== "GET") {
      init.headers["Content-Type"] = "application/json";
      init.headers["X-CSRFToken"] = csrf();
      init.body = JSON.stringify(payload || {});
    }
    var url = withQuery(runtime.handlerUrl(element, handler), options.query);
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) { return body; }
        var serverSide = response.status >= 500;
        var message = body && body.error ? body.error
          : (serverSide ? (strings.serverError || "The server could not complete this. Try again later.")
            : (strings.refused || "This request was refused."));
        throw failure(message, response.status, (body && body.code) || (serverSide ? "server" : "refused"));
      });
    }, function () {
      throw failure(strings.networkError || "No connection. Check your network and try again.", 0, "network");
    });
  }

  function boot(runtime, element, options) {
    var root = element && element.jquery ? element[0] : element;
    var holder = root.querySelector('script[type="application/json"][data-kemenag-init="' + options.id + '"]');
    var data = holder ? JSON.parse(holder.textContent) : {};
    return window[options.init](runtime, element, data);
  }

  window.KemenagKit = { csrf: csrf, fmt: fmt, el: el, withQuery: withQuery, call: call };
  window.KemenagBoot = boot;
}());
