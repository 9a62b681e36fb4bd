/* Assignment block: upload with progress, hand in, receipt, grade; staff grading.
 * Everything is scoped to this block's element (several blocks may share a unit).
 * All strings come translated from the server in args.strings; the browser toolkit is
 * common/kemenag.js (KemenagKit); handler URLs come from runtime.handlerUrl. */
function KemenagAssignment(runtime, element, args) {
  "use strict";
  var root = element && element.jquery ? element[0] : element;
  var block = root.querySelector(".kemenag-assignment") || root;
  var S = args.strings;
  var state = args.state;

  var K = window.KemenagKit;
  var fmt = K.fmt;
  var el = K.el;
  var withQuery = K.withQuery;
  var urls = {};
  args.handlers.forEach(function (name) { urls[name] = runtime.handlerUrl(element, name); });

  function $(role) { return block.querySelector('[data-role="' + role + '"]'); }
  /* A message where the action was; errors mark ``field`` (aria-invalid, described by the message)
   * and take the focus, so a screen reader and a sighted learner both land on it. */
  function say(target, message, isError, field) {
    target.textContent = message;
    target.classList.toggle("is-error", !!isError);
    block.querySelectorAll('[aria-invalid="true"][data-marked-by="' + target.id + '"]').forEach(function (node) {
      node.removeAttribute("aria-invalid");
      node.removeAttribute("data-marked-by");
      node.setAttribute("aria-describedby", (node.getAttribute("aria-describedby") || "").replace(target.id, "").trim());
    });
    if (field && isError) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("data-marked-by", target.id);
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(target.id) === -1) { described.push(target.id); }
      field.setAttribute("aria-describedby", described.join(" "));
    }
    if (message && (isError || target.hasAttribute("data-focus"))) { target.focus(); }
  }
  function parse(xhr) {
    try { return JSON.parse(xhr.responseText); } catch (e) { return {}; }
  }
  /* A server that answered with an error is never "check your network": that is for no answer. */
  function answerError(status, body) {
    var message = body && body.error ? body.error : (status >= 500 ? S.serverError : S.refused);
    return Object.assign(new Error(message), { body: body, status: status, code: body && body.code });
  }
  function postJSON(handler, payload) {
    return K.call(runtime, element, handler, payload, { strings: S });
  }
  /* XMLHttpRequest, not fetch: only it reports upload progress. The CSRF token is the kit's. */
  function postXHR(url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", K.csrf());
      Object.keys(headers || {}).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (onProgress) {
        xhr.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) { onProgress(event.loaded / event.total); }
        });
      }
      xhr.onload = function () {
        var answer = parse(xhr);
        if (xhr.status >= 200 && xhr.status < 300) { resolve(answer); } else { reject(answerError(xhr.status, answer)); }
      };
      xhr.onerror = function () { reject(Object.assign(new Error(S.networkError), { status: 0, code: "network" })); };
      xhr.send(body);
    });
  }
  function postForm(url, form, onProgress) { return postXHR(url, form, {}, onProgress); }

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
        item.appendChild(el("code", { "class": "kemenag-assignment__sha", "aria-describedby": $("fingerprint-note").id, text: S.fingerprint + ": " + file.sha256 }));
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
    $("fingerprint-note").hidden = state.can_edit || !state.files.length;
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
    return postXHR(url, file, { "Content-Type": "application/octet-stream", "X-Upload-Name": encodeURIComponent(file.name) }, onProgress);
  }

  /* Files larger than one chunk go up resumably (kemenag_xblocks/common/public/chunked_upload.js):
   * a dropped line or a reload loses at most the chunk in flight. */
  var Chunked = window.KemenagChunkedUpload;
  function sendResumable(file, onProgress, item) {
    return Chunked.upload({
      file: file,
      urls: urls,
      scope: urls.upload_start,
      csrfToken: K.csrf(),
      failed: S.networkError,
      onProgress: onProgress,
      onWait: function () { say(status, fmt(S.interrupted, { name: file.name })); }
    }).catch(function (error) {
      /* The server answered (a status) without a reason: its failure, not the network's. */
      if (error.status && !(error.body && error.body.error)) { throw answerError(error.status, error.body); }
      throw error;
    }).then(function (sent) {
      item.querySelector("span").textContent = fmt(S.checking, { name: file.name });
      return postJSON("upload_finish", { upload_id: sent.uploadId }).then(function (body) {
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
        say(status, fmt(S.uploadFailed, { name: file.name, reason: error.message }), true, $("input"));
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
        if (problem) { say(status, problem, true, $("input")); return null; }
        if (state.files.length >= args.limits.maxFiles) {
          say(status, fmt(S.tooMany, { count: args.limits.maxFiles }), true, $("input"));
          return null;
        }
        return uploadOne(file);
      });
    });
    return chain;
  }

  function removeFile(file) {
    postJSON("remove_file", { file_id: file.id }).then(function (body) {
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

  var submitStatus = $("submit-status");
  $("submit").addEventListener("click", function () {
    say(submitStatus, "");
    $("confirm-text").textContent = fmt(S.confirmSubmit, { count: state.files.length });
    $("confirm").hidden = false;
    $("confirm-yes").focus();
  });
  $("confirm-no").addEventListener("click", function () { $("confirm").hidden = true; $("submit").focus(); });
  $("confirm-yes").addEventListener("click", function () {
    $("confirm-yes").disabled = true;
    postJSON("submit", { confirm: true }).then(function (body) {
      state = body;
      $("confirm").hidden = true;
      render();
      /* The hand-in area is gone: the confirmation goes where the learner now looks, the receipt. */
      say(status, "");
      say($("receipt-status"), S.submitted);
    }).catch(function (error) { say(submitStatus, error.message, true, $("submit")); })
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
    postJSON("submissions", { status: $("filter").value, search: $("search").value, page: page }).then(function (body) {
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
        files.setAttribute("data-label", S.files);
        tbody.appendChild(el("tr", { "data-learner": row.username }, [
          el("td", { "data-label": S.learner, text: row.full_name || row.username }),
          el("td", { "data-label": S.status }, [el("span", { "class": "kemenag-assignment__badge kemenag-assignment__badge--" + row.status, text: row.status_label })]),
          el("td", { "data-label": S.handedIn, text: row.submitted_at }),
          files,
          el("td", { "data-label": S.grade, text: row.score === null ? row.score_label : row.score_label + " / " + row.max_label }),
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
    say(gradingStatus, "");
    say(gradingResult, "");
    showTotal();
    $("grading-title").focus();
  }
  function showHistory(row) {
    var list = $("grading-history");
    var box = $("grading-history-box");
    list.textContent = "";
    box.hidden = true;
    postJSON("grade_history", { submission_id: row.id }).then(function (body) {
      if (current !== row) { return; }
      body.entries.forEach(function (entry) {
        list.appendChild(el("li", { text: fmt(S.historyEntry, entry) }));
      });
      box.hidden = !body.entries.length;
    }).catch(function (error) { say(gradingStatus, error.message, true); });
  }
  var gradingStatus = $("grading-status");
  var gradingResult = $("grading-result");

  /* Numbers as the page's language writes them (the server's labels use the same rule). */
  function number(value) {
    try { return new Intl.NumberFormat(args.lang, { maximumFractionDigits: 2, useGrouping: false }).format(value); } catch (e) { return String(value); }
  }
  /* The rubric total as the grader picks levels, before anything is published. */
  function rubricChoice() {
    var levels = {};
    var raw = 0;
    var top = 0;
    var missing = [];
    args.rubric.forEach(function (criterion, index) {
      var chosen = grading.querySelector('input[name="criterion-' + index + '"]:checked');
      top += Math.max.apply(null, criterion.levels.map(function (level) { return level.points; }));
      if (chosen) {
        levels[index] = Number(chosen.value);
        raw += criterion.levels[Number(chosen.value)].points;
      } else { missing.push(criterion.name); }
    });
    return { levels: levels, raw: raw, top: top, missing: missing };
  }
  function showTotal() {
    var total = $("rubric-total");
    if (!total || !args.rubric.length) { return; }
    var choice = rubricChoice();
    var scaled = choice.top ? Math.round(args.weight * choice.raw / choice.top * 100) / 100 : 0;
    total.textContent = fmt(S.runningTotal, { points: number(choice.raw), max: number(choice.top), score: number(scaled), weight: number(args.weight) });
  }
  grading.addEventListener("change", showTotal);

  grading.addEventListener("submit", function (event) {
    event.preventDefault();
    var form = new FormData();
    form.append("submission_id", current.id);
    form.append("feedback", grading.elements.feedback.value);
    if (grading.elements.score) {
      var score = grading.elements.score;
      var value = Number(String(score.value).replace(",", "."));
      if (score.value === "" || isNaN(value) || value < 0 || value > args.weight) {
        say(gradingStatus, fmt(S.scoreRange, { max: number(args.weight) }), true, score);
        return;
      }
      form.append("score", score.value);
    }
    if (args.rubric.length) {
      var choice = rubricChoice();
      if (choice.missing.length) {
        var open = grading.querySelector('fieldset[data-criterion="' + args.rubric.map(function (c) { return c.name; }).indexOf(choice.missing[0]) + '"]');
        say(gradingStatus, fmt(S.chooseAllLevels, { missing: choice.missing.join(", ") }), true, open);
        return;
      }
      form.append("levels", JSON.stringify(choice.levels));
    }
    var annotated = grading.elements.annotated.files[0];
    if (annotated) { form.append("annotated", annotated, annotated.name); }
    say(gradingStatus, "");
    postForm(urls.grade, form).then(function () {
      grading.hidden = true;
      say(gradingResult, S.saved);
      loadRows();
    }).catch(function (error) { say(gradingStatus, error.message, true, grading.elements.score || null); });
  });
  $("return").addEventListener("click", function () {
    postJSON("return_for_revision", { submission_id: current.id, feedback: grading.elements.feedback.value }).then(function () {
      grading.hidden = true;
      say(gradingResult, S.returned);
      loadRows();
    }).catch(function (error) { say(gradingStatus, error.message, true); });
  });
  $("close-grading").addEventListener("click", function () { grading.hidden = true; say(gradingStatus, ""); });
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
    postJSON("download_all", {}).then(function (info) { fetchArchive(info, 100); })
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
