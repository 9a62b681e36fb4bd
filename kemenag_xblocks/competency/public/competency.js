/* Competency tracker: report (or re-submit) an external training, officers verify/reject, staff
   check transcripts. Every lookup is scoped to this block's element; the server re-renders the
   body after each change. Strings come from init.strings (the server's, in the learner's
   language); the toolkit is common/kemenag.js (KemenagKit). */
function KemenagCompetencyBlock(runtime, element, init) {
  "use strict";
  var root = element.querySelector ? element : element[0];
  var Kit = window.KemenagKit;
  var strings = (init && init.strings) || {};

  function notice(text, isError, box) {
    box = box || root.querySelector("[data-role='notice']");
    box.textContent = text || "";
    box.classList.toggle("kemenag-competency__notice--error", Boolean(isError));
    return box;
  }

  /* A refusal told where the action was (issue 21.7): the message under the button, each field
     the server named marked invalid and described by its own message, focus on the first. */
  function clearMarks(form) {
    form.querySelectorAll("[aria-invalid='true']").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
    form.querySelectorAll("[data-role='field-error']").forEach(function (message) { message.remove(); });
  }

  function markFields(form, fields) {
    var first = null;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !fields || !Object.prototype.hasOwnProperty.call(fields, field.name)) { return; }
      var message = document.createElement("span");
      message.id = field.id + "-error";
      message.dataset.role = "field-error";
      message.className = "kemenag-competency__field-error";
      message.textContent = fields[field.name];
      field.insertAdjacentElement("afterend", message);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", message.id);
      first = first || field;
    });
    return first;
  }

  /* A multipart POST (the certificate form): refusals (4xx), server errors (5xx) and a lost
     connection are told apart, as KemenagKit.call does for JSON. */
  async function postForm(handler, body) {
    var response;
    try {
      response = await fetch(runtime.handlerUrl(root, handler), {
        method: "POST", body: body, credentials: "same-origin",
        headers: {"X-CSRFToken": Kit.csrf(), "X-Requested-With": "XMLHttpRequest"}
      });
    } catch (e) {
      throw new Error(strings.networkError);
    }
    var data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) {
      var refused = new Error(data.error || (response.status >= 500 ? strings.serverError : strings.failed));
      refused.fields = data.fields || {};
      throw refused;
    }
    return data;
  }

  function json(handler, payload) {
    return Kit.call(runtime, root, handler, payload, {strings: strings});
  }

  function refresh(data) {
    if (data.html !== undefined) {
      root.querySelector("[data-role='body']").innerHTML = data.html;
    }
    /* The form that was used is gone with the old body: the confirmation is read out, and focus
       moves to it, so it is not out of sight above. */
    var box = notice(data.message || "", false);
    if (data.message) {
      box.setAttribute("tabindex", "-1");
      box.focus();
    }
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
    bar.setAttribute("aria-label", Kit.fmt(strings.uploading, {name: file.name}));
    form.elements.evidence.insertAdjacentElement("afterend", bar);
    var urls = {};
    ["upload_start", "upload_status", "upload_chunk"].forEach(function (name) { urls[name] = runtime.handlerUrl(root, name); });
    var sent = await Chunked.upload({
      file: file, urls: urls, scope: urls.upload_start, csrfToken: Kit.csrf(), failed: strings.failed,
      onProgress: function (share) { bar.value = Math.round(share * 100); },
      onWait: function () { notice(Kit.fmt(strings.interrupted, {name: file.name}), true); }
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
      var here = form.querySelector("[data-role='form-notice']");
      button.disabled = true;
      clearMarks(form);
      notice("", false, here);
      var sent = null;
      try {
        var data = new FormData(form);
        sent = await sendCertificate(form, data);
        refresh(await postForm("report_training", data));
        if (sent) { sent.forget(); }
      } catch (error) {
        var count = Object.keys(error.fields || {}).length;
        // One wrong field: its message; several: how many, each told under its own field.
        notice(count > 1 ? Kit.fmt(strings.fieldsToFix, {n: count}) : error.message, true, here);
        button.disabled = false;
        (markFields(form, error.fields) || here).focus();
      }
    } else if (form.matches("[data-role='check-form']")) {
      event.preventDefault();
      var result = root.querySelector("[data-role='check-result']");
      try {
        var found = await json("check_transcript", {code: form.elements.code.value});
        result.textContent = Kit.fmt(strings.checked, {
          issued: found.issued_at.slice(0, 10), name: found.name, username: found.username,
          jp: found.jp_this_year, target: found.target
        });
      } catch (error) {
        result.textContent = error.message;
      }
      result.focus();
    }
  });

  root.addEventListener("click", async function (event) {
    var resubmit = event.target.closest("[data-action='resubmit']");
    if (resubmit && root.contains(resubmit)) {
      /* A rejected training: the report form, filled with what was sent, names the entry again. */
      var form = root.querySelector("[data-role='report-form']");
      var row = resubmit.closest("[data-entry]");
      ["title", "organizer", "jp", "competency_type", "completed_on", "started_on", "certificate_number"].forEach(function (name) {
        if (form.elements[name] && row.dataset[name] !== undefined) { form.elements[name].value = row.dataset[name]; }
      });
      form.elements.resubmit.value = row.dataset.entry;
      form.elements.evidence.required = false;
      form.closest("details").open = true;
      form.elements.title.focus();
      return;
    }
    var button = event.target.closest("[data-action='verify'], [data-action='reject']");
    if (!button || !root.contains(button)) { return; }
    var item = button.closest("[data-role='pending']");
    var reason = item.querySelector("[data-role='reason']");
    var payload = {entry: Number(item.dataset.entry), approve: button.dataset.action === "verify"};
    if (!payload.approve) { payload.reason = reason.value; }
    button.disabled = true;
    try {
      refresh(await json("decide_training", payload));
    } catch (error) {
      // Beside the training it is about; a missing reason marks the reason field.
      var here = notice(error.message, true, item.querySelector("[data-role='item-notice']"));
      button.disabled = false;
      if (!payload.approve && error.code === "invalid") {
        reason.setAttribute("aria-invalid", "true");
        reason.setAttribute("aria-describedby", here.id || (here.id = reason.id + "-error"));
        reason.focus();
      } else {
        here.focus();
      }
    }
  });
}
