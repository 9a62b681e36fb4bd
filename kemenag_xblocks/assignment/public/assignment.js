/* Assignment block: upload with progress, hand in, receipt, grade; staff grading.
 * Everything is scoped to this block's element (several blocks may share a unit).
 * All strings come translated from the server in args.strings. */
function KemenagAssignment(runtime, element, args) {
  "use strict";
  var root = element && element.jquery ? element[0] : element;
  var block = root.querySelector(".kemenag-assignment") || root;
  var S = args.strings;
  var urls = args.urls;
  var state = args.state;

  function $(role) { return block.querySelector('[data-role="' + role + '"]'); }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function withQuery(url, params) {
    var query = Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
    return url + (url.indexOf("?") === -1 ? "?" : "&") + query;
  }
  function say(target, message, isError) {
    target.textContent = message;
    target.classList.toggle("is-error", !!isError);
  }
  function parse(xhr) {
    try { return JSON.parse(xhr.responseText); } catch (e) { return {}; }
  }
  function postJSON(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(payload || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(body.error || S.networkError); }
        return body;
      });
    });
  }
  /* XMLHttpRequest, not fetch: only it reports upload progress. */
  function postForm(url, form, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      if (onProgress) {
        xhr.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) { onProgress(event.loaded / event.total); }
        });
      }
      xhr.onload = function () {
        var body = parse(xhr);
        if (xhr.status >= 200 && xhr.status < 300) { resolve(body); } else { reject(Object.assign(new Error(body.error || S.networkError), { body: body })); }
      };
      xhr.onerror = function () { reject(new Error(S.networkError)); };
      xhr.send(form);
    });
  }

  /* ---- learner ---------------------------------------------------------------------------- */
  var status = $("status");

  function renderFiles() {
    var list = $("files");
    list.textContent = "";
    if (!state.files.length) { list.appendChild(el("li", { text: S.noFiles })); }
    state.files.forEach(function (file) {
      var item = el("li", {}, [
        el("a", { href: file.url, text: file.name }),
        el("span", { "class": "kemenag-assignment__size", text: file.size_label })
      ]);
      if (!state.can_edit) {
        item.appendChild(el("code", { title: S.sha, text: S.sha + " " + file.sha256 }));
      } else {
        var remove = el("button", { type: "button", "class": "kemenag-button kemenag-button--secondary", "aria-label": fmt(S.remove, { name: file.name }), text: "✕" });
        remove.addEventListener("click", function () { removeFile(file); });
        item.appendChild(remove);
      }
      list.appendChild(item);
    });
  }

  function renderGrade() {
    var section = $("grade");
    var grade = state.grade;
    section.hidden = !grade;
    if (!grade) { return; }
    var body = $("grade-body");
    body.textContent = "";
    if (grade.score !== null && grade.score !== undefined) {
      body.appendChild(el("p", { "class": "kemenag-assignment__score", text: fmt(S.score, { score: grade.score_label, max: grade.max_label }) }));
    }
    if (grade.rubric && grade.rubric.length) {
      var list = el("ul", { "class": "kemenag-assignment__rubric" });
      grade.rubric.forEach(function (row) {
        list.appendChild(el("li", { text: row.name + ": " + fmt(S.rubricLevel, { level: row.level, points: row.points_label, max: row.max_label }) }));
      });
      body.appendChild(list);
    }
    if (grade.feedback) {
      body.appendChild(el("h4", { text: S.feedback }));
      body.appendChild(el("p", { "class": "kemenag-assignment__feedback", text: grade.feedback }));
    }
    if (grade.annotated) {
      body.appendChild(el("p", {}, [el("a", { href: grade.annotated.url, text: S.annotated + ": " + grade.annotated.name })]));
    }
  }

  function render() {
    var badge = el("span", { "class": "kemenag-assignment__badge kemenag-assignment__badge--" + state.status, text: state.status_label });
    var heading = $("files").previousElementSibling;
    var old = heading.querySelector(".kemenag-assignment__badge");
    if (old) { old.remove(); }
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(badge);
    block.setAttribute("data-status", state.status);
    renderFiles();
    $("dropzone").hidden = !state.can_edit;
    $("submit-area").hidden = !state.can_edit;
    $("submit").disabled = !state.files.length;
    var receipt = $("receipt");
    receipt.hidden = !state.receipt || state.can_edit;
    if (state.receipt) {
      $("receipt-time").textContent = S.handedIn + ": " + state.submitted_at;
      $("receipt-pdf").href = state.receipt.pdf;
      $("receipt-page").href = state.receipt.page;
    }
    renderGrade();
  }

  /* The raw file as the request body (no multipart parsing on the server); progress as it goes. */
  function postFile(url, file, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("X-Upload-Name", encodeURIComponent(file.name));
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { onProgress(event.loaded / event.total); }
      });
      xhr.onload = function () {
        var body = parse(xhr);
        if (xhr.status >= 200 && xhr.status < 300) { resolve(body); } else { reject(new Error(body.error || S.networkError)); }
      };
      xhr.onerror = function () { reject(new Error(S.networkError)); };
      xhr.send(file);
    });
  }

  /* Files larger than one chunk go up resumably (kemenag_xblocks/common/public/chunked_upload.js):
   * a dropped line or a reload loses at most the chunk in flight. */
  var Chunked = window.KemenagChunkedUpload;
  function sendResumable(file, onProgress, item) {
    return Chunked.upload({
      file: file,
      urls: urls,
      scope: urls.upload_start,
      csrfToken: csrfToken(),
      failed: S.networkError,
      onProgress: onProgress,
      onWait: function () { say(status, fmt(S.interrupted, { name: file.name })); }
    }).then(function (sent) {
      item.querySelector("span").textContent = fmt(S.checking, { name: file.name });
      return postJSON(urls.upload_finish, { upload_id: sent.uploadId }).then(function (body) {
        sent.forget();
        return body;
      }, function (error) {
        sent.forget();  /* refused for good (hash, type): the server has discarded it */
        throw error;
      });
    });
  }

  function uploadOne(file) {
    var item = el("li");
    var label = el("span", { text: fmt(S.uploading, { name: file.name }) });
    var bar = el("progress", { max: "100", value: "0", "aria-label": fmt(S.uploading, { name: file.name }) });
    item.appendChild(label);
    item.appendChild(bar);
    $("progress").appendChild(item);
    var onProgress = function (share) { bar.value = Math.round(share * 100); };
    var resumable = Chunked && Chunked.wanted(file);
    return (resumable ? sendResumable(file, onProgress, item) : postFile(urls.upload, file, onProgress))
      .then(function (body) {
        state = body;
        bar.value = 100;
        item.remove();
        say(status, fmt(S.uploaded, { name: file.name }));
        render();
      })
      .catch(function (error) {
        item.remove();
        say(status, fmt(S.uploadFailed, { name: file.name, reason: error.message }), true);
      });
  }

  function precheck(file) {
    var ext = (file.name.split(".").pop() || "").toLowerCase();
    if (ext === "jpeg") { ext = "jpg"; }
    if (args.limits.types.indexOf(ext) === -1) { return fmt(S.wrongType, { name: file.name }); }
    if (file.size > args.limits.maxBytes) {
      return fmt(S.tooLarge, { name: file.name, size: Math.round(args.limits.maxBytes / 1048576) });
    }
    return null;
  }

  /* One file at a time, so each progress bar is the real speed and the count check is exact.
   * The browser checks are a courtesy: the server checks everything again. */
  function uploadAll(files) {
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (file) {
      chain = chain.then(function () {
        var problem = precheck(file);
        if (problem) { say(status, problem, true); return null; }
        if (state.files.length >= args.limits.maxFiles) {
          say(status, fmt(S.tooMany, { count: args.limits.maxFiles }), true);
          return null;
        }
        return uploadOne(file);
      });
    });
    return chain;
  }

  function removeFile(file) {
    postJSON(urls.remove_file, { file_id: file.id }).then(function (body) {
      state = body;
      render();
      say(status, fmt(S.removed, { name: file.name }));
      $("input").focus();
    }).catch(function (error) { say(status, error.message, true); });
  }

  var input = $("input");
  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files);
    uploadAll(files).then(function () { input.value = ""; });
  });
  var drop = $("dropzone");
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("is-dragging"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.remove("is-dragging"); });
  });
  drop.addEventListener("drop", function (event) { uploadAll(event.dataTransfer.files); });

  $("submit").addEventListener("click", function () {
    $("confirm-text").textContent = fmt(S.confirmSubmit, { count: state.files.length });
    $("confirm").hidden = false;
    $("confirm-yes").focus();
  });
  $("confirm-no").addEventListener("click", function () { $("confirm").hidden = true; $("submit").focus(); });
  $("confirm-yes").addEventListener("click", function () {
    $("confirm-yes").disabled = true;
    postJSON(urls.submit, { confirm: true }).then(function (body) {
      state = body;
      $("confirm").hidden = true;
      render();
      say(status, S.submitted);
    }).catch(function (error) { say(status, error.message, true); })
      .then(function () { $("confirm-yes").disabled = false; });
  });

  render();
  var interrupted = Chunked ? Chunked.pending(urls.upload_start) : [];
  if (interrupted.length && state.can_edit) { say(status, fmt(S.resume, { names: interrupted.join(", ") })); }

  /* ---- staff ------------------------------------------------------------------------------ */
  if (!args.isStaff || !$("staff")) { return; }
  var staffStatus = $("staff-status");
  var page = 1;
  var current = null;
  var rowsById = {};

  function loadRows() {
    postJSON(urls.submissions, { status: $("filter").value, search: $("search").value, page: page }).then(function (body) {
      var tbody = $("rows");
      tbody.textContent = "";
      rowsById = {};
      if (!body.rows.length) { tbody.appendChild(el("tr", {}, [el("td", { colspan: "6", text: S.noRows })])); }
      body.rows.forEach(function (row) {
        rowsById[row.id] = row;
        var files = el("td");
        row.files.forEach(function (file) { files.appendChild(el("div", {}, [el("a", { href: file.url, text: file.name })])); });
        var action = el("td");
        if (row.status !== "draft" && row.status !== "returned") {
          var button = el("button", { type: "button", "class": "kemenag-button kemenag-button--secondary", "data-submission": String(row.id), text: fmt(S.gradeAction, { name: row.full_name || row.username }) });
          button.addEventListener("click", function () { openGrading(row); });
          action.appendChild(button);
        }
        tbody.appendChild(el("tr", { "data-learner": row.username }, [
          el("td", { text: row.full_name || row.username }),
          el("td", {}, [el("span", { "class": "kemenag-assignment__badge kemenag-assignment__badge--" + row.status, text: row.status_label })]),
          el("td", { text: row.submitted_at }),
          files,
          el("td", { text: row.score === null ? row.score_label : row.score_label + " / " + row.max_label }),
          action
        ]));
      });
      var pages = $("pages");
      pages.textContent = "";
      if (body.pages > 1) {
        var previous = el("button", { type: "button", "class": "kemenag-button kemenag-button--secondary", text: S.previous });
        previous.disabled = body.page <= 1;
        previous.addEventListener("click", function () { page -= 1; loadRows(); });
        var next = el("button", { type: "button", "class": "kemenag-button kemenag-button--secondary", text: S.next });
        next.disabled = body.page >= body.pages;
        next.addEventListener("click", function () { page += 1; loadRows(); });
        pages.appendChild(previous);
        pages.appendChild(el("span", { text: fmt(S.page, { page: body.page, pages: body.pages }) }));
        pages.appendChild(next);
      }
    }).catch(function (error) { say(staffStatus, error.message, true); });
  }

  var grading = $("grading");
  function openGrading(row) {
    current = row;
    grading.reset();
    grading.hidden = false;
    $("grading-title").textContent = fmt(S.gradeAction, { name: row.full_name || row.username });
    var files = $("grading-files");
    files.textContent = "";
    row.files.forEach(function (file) { files.appendChild(el("div", {}, [el("a", { href: file.url, text: file.name + " (" + file.size_label + ")" })])); });
    if (grading.elements.score && row.score !== null) { grading.elements.score.value = row.score; }
    grading.elements.feedback.value = row.feedback || "";
    Object.keys(row.rubric_levels || {}).forEach(function (criterion) {
      var radio = grading.querySelector('input[name="criterion-' + criterion + '"][value="' + row.rubric_levels[criterion] + '"]');
      if (radio) { radio.checked = true; }
    });
    showHistory(row);
    $("grading-title").focus();
  }
  function showHistory(row) {
    var list = $("grading-history");
    var box = $("grading-history-box");
    list.textContent = "";
    box.hidden = true;
    postJSON(urls.grade_history, { submission_id: row.id }).then(function (body) {
      if (current !== row) { return; }
      body.entries.forEach(function (entry) {
        list.appendChild(el("li", { text: fmt(S.historyEntry, entry) }));
      });
      box.hidden = !body.entries.length;
    }).catch(function (error) { say(staffStatus, error.message, true); });
  }
  grading.addEventListener("submit", function (event) {
    event.preventDefault();
    var form = new FormData();
    form.append("submission_id", current.id);
    form.append("feedback", grading.elements.feedback.value);
    if (grading.elements.score) { form.append("score", grading.elements.score.value); }
    if (args.rubric.length) {
      var levels = {};
      args.rubric.forEach(function (criterion, index) {
        var chosen = grading.querySelector('input[name="criterion-' + index + '"]:checked');
        if (chosen) { levels[index] = Number(chosen.value); }
      });
      form.append("levels", JSON.stringify(levels));
    }
    var annotated = grading.elements.annotated.files[0];
    if (annotated) { form.append("annotated", annotated, annotated.name); }
    postForm(urls.grade, form).then(function () {
      grading.hidden = true;
      say(staffStatus, S.saved);
      loadRows();
    }).catch(function (error) { say(staffStatus, error.message, true); });
  });
  $("return").addEventListener("click", function () {
    postJSON(urls.return_for_revision, { submission_id: current.id, feedback: grading.elements.feedback.value }).then(function () {
      grading.hidden = true;
      say(staffStatus, S.returned);
      loadRows();
    }).catch(function (error) { say(staffStatus, error.message, true); });
  });
  $("close-grading").addEventListener("click", function () { grading.hidden = true; });
  $("filter").addEventListener("change", function () { page = 1; loadRows(); });
  var searchTimer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { page = 1; loadRows(); }, 300);
  });
  $("export").href = urls.export_grades;

  function fetchArchive(info, attempts) {
    if (info.ready) { window.location.href = info.url; say(staffStatus, ""); return; }
    say(staffStatus, S.preparing);
    if (attempts > 0) {
      setTimeout(function () {
        // The report's status (common/reports.py): ready, still being prepared, or failed with why.
        fetch(info.status_url, { credentials: "same-origin" }).then(function (response) {
          return response.json();
        }).then(function (status) {
          if (status.state === "failed") { say(staffStatus, status.message, true); return; }
          fetchArchive({ ready: status.ready, url: info.url, status_url: info.status_url }, attempts - 1);
        }).catch(function () {
          fetchArchive({ ready: false, url: info.url, status_url: info.status_url }, attempts - 1);
        });
      }, 3000);
    }
  }
  $("download-all").addEventListener("click", function () {
    say(staffStatus, S.preparing);
    postJSON(urls.download_all, {}).then(function (info) { fetchArchive(info, 100); })
      .catch(function (error) { say(staffStatus, error.message, true); });
  });
  var importInput = $("import");
  importInput.addEventListener("change", function () {
    var file = importInput.files[0];
    if (!file) { return; }
    var form = new FormData();
    form.append("file", file, file.name);
    postForm(urls.import_grades, form).then(function (body) {
      say(staffStatus, fmt(S.imported, { count: body.applied }));
      loadRows();
    }).catch(function (error) {
      var details = ((error.body && error.body.errors) || []).map(function (row) { return fmt(S.importErrors, row); });
      say(staffStatus, [error.message].concat(details).join("\n"), true);
    }).then(function () { importInput.value = ""; });
  });
  loadRows();
}
