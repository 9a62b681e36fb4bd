/* Competency tracker: report an external training, staff verify/reject and check transcripts.
   Every lookup is scoped to this block's element; the server re-renders the body after each change. */
function KemenagCompetencyBlock(runtime, element, init) {
  "use strict";
  var root = element.querySelector ? element : element[0];
  var messages = (init && init.messages) || {};

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function notice(text, isError) {
    var box = root.querySelector("[data-role='notice']");
    box.textContent = text || "";
    box.classList.toggle("kemenag-competency__notice--error", Boolean(isError));
  }

  async function call(handler, body, isJson) {
    var headers = {"X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest"};
    if (isJson) { headers["Content-Type"] = "application/json"; }
    var response = await fetch(runtime.handlerUrl(root, handler), {
      method: "POST", body: isJson ? JSON.stringify(body) : body, headers: headers, credentials: "same-origin"
    });
    var data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) { throw new Error(data.error || messages.failed); }
    return data;
  }

  function refresh(data) {
    if (data.html !== undefined) {
      root.querySelector("[data-role='body']").innerHTML = data.html;
    }
    notice(data.message || "", false);
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return values[key] !== undefined ? values[key] : all; });
  }

  /* A certificate larger than one chunk goes up resumably first (common/public/chunked_upload.js);
     the form then names it by upload_id instead of carrying the file. */
  var Chunked = window.KemenagChunkedUpload;
  async function sendCertificate(form, data) {
    var file = form.elements.evidence && form.elements.evidence.files[0];
    if (!file || !Chunked || !Chunked.wanted(file)) { return null; }
    var bar = form.querySelector("progress") || document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", format(messages.uploading, {name: file.name}));
    form.elements.evidence.insertAdjacentElement("afterend", bar);
    var urls = {};
    ["upload_start", "upload_status", "upload_chunk"].forEach(function (name) { urls[name] = runtime.handlerUrl(root, name); });
    var sent = await Chunked.upload({
      file: file, urls: urls, scope: urls.upload_start, csrfToken: csrfToken(), failed: messages.failed,
      onProgress: function (share) { bar.value = Math.round(share * 100); },
      onWait: function () { notice(format(messages.interrupted, {name: file.name}), true); }
    });
    data.delete("evidence");
    data.append("upload_id", sent.uploadId);
    return sent;
  }

  root.addEventListener("submit", async function (event) {
    var form = event.target;
    if (form.matches("[data-role='report-form']")) {
      event.preventDefault();
      var button = form.querySelector("button[type='submit']");
      button.disabled = true;
      var sent = null;
      try {
        var data = new FormData(form);
        sent = await sendCertificate(form, data);
        refresh(await call("report_training", data, false));
        if (sent) { sent.forget(); }
      } catch (error) {
        notice(error.message, true);
        button.disabled = false;
      }
    } else if (form.matches("[data-role='check-form']")) {
      event.preventDefault();
      var result = root.querySelector("[data-role='check-result']");
      try {
        var found = await call("check_transcript", {code: form.elements.code.value}, true);
        result.textContent = format(messages.checked, {
          issued: found.issued_at.slice(0, 10), name: found.name, username: found.username,
          jp: found.jp_this_year, target: found.target
        });
      } catch (error) {
        result.textContent = error.message;
      }
    }
  });

  root.addEventListener("click", async function (event) {
    var button = event.target.closest("[data-action]");
    if (!button || !root.contains(button)) { return; }
    var item = button.closest("[data-role='pending']");
    var reason = item.querySelector("[data-role='reason']");
    var payload = {entry: Number(item.dataset.entry), approve: button.dataset.action === "verify"};
    if (!payload.approve) { payload.reason = reason.value; }
    button.disabled = true;
    try {
      refresh(await call("decide_training", payload, true));
    } catch (error) {
      notice(error.message, true);
      button.disabled = false;
    }
  });
}
