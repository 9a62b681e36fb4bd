/* Moderation quiz: the learner's paper, countdown, autosave, results chart; the staff export.
 * Everything is scoped to this block's element; the browser never holds scores or keys.
 * On a weak line every answer is kept on the device (localStorage, per block, learner and attempt)
 * and sent again until the server confirms it; a submission made offline waits for the line. */
function KemenagQuiz(runtime, element, init) {
  "use strict";
  var root = (element.jquery ? element[0] : element).querySelector("[data-quiz-root]") || element;
  var S = init.strings;
  var part = function (name) { return root.querySelector('[data-part="' + name + '"]'); };
  // dirty: answers the server has not confirmed yet; inFlight: the one request on the wire (one at a
  // time, so a late re-send can never overwrite a newer answer); submitting: the learner has submitted.
  var state = {
    items: [], answers: {}, dirty: {}, attempt: null, timer: null, deadline: null, saveTimer: null, busy: false,
    inFlight: null, submitting: false, retryTimer: null, retryDelay: 0, stalled: false
  };
  var sync = part("sync");

  var Kit = window.KemenagKit;
  var el = Kit.el, fmt = Kit.fmt;
  // One number format per language (23,44 in Indonesian), as the server's reports write them.
  var numbers = new Intl.NumberFormat(init.locale || "id", { maximumFractionDigits: 2 });
  function num(value) { return value === null || value === undefined ? "–" : numbers.format(value); }
  function signed(value) { return value === null || value === undefined ? "–" : (value > 0 ? "+" : "") + num(value); }

  /* A failed call says why (KemenagKit.call): ``refused`` (the server answered 4xx: do not send it
   * again) or not (no line, or a server error: worth another try). */
  function call(handler, payload, method) {
    return Kit.call(runtime, element, handler, payload, { method: method || "POST", strings: S });
  }

  function status(text) { part("status").textContent = text; }

  /* A message where the action was: the live region moves beside the control, takes the text and
   * the focus (so a learner at the bottom of a long paper sees and hears it). */
  function sayNear(control, text) {
    var box = part("status");
    if (control && control.parentNode && control.isConnected) { control.parentNode.insertBefore(box, control.nextSibling); }
    box.textContent = text;
    if (text) { box.focus(); }
  }

  /* ---- the paper ---- */

  function renderItems() {
    var list = part("items");
    list.innerHTML = "";
    var domId = root.getAttribute("aria-labelledby").replace(/-title$/, "");
    state.items.forEach(function (item, position) {
      var name = domId + "-q-" + item.id;
      var legend = el("legend", { id: name + "-legend" }, [
        el("span", { "class": "kemenag-quiz__qnum", text: fmt(S.question, { n: position + 1, total: state.items.length }) }),
        el("span", { "class": "kemenag-quiz__prompt", html: item.prompt })
      ]);
      var choices = item.type === "likert"
        ? init.likert.map(function (label, i) { return { value: String(i + 1), label: label }; })
        : item.options.map(function (option) { return { value: option.id, label: option.text, html: true }; });
      var options = el("div", {
        "class": "kemenag-quiz__options kemenag-quiz__options--" + item.type, role: "radiogroup",
        "aria-labelledby": name + "-legend"
      });
      choices.forEach(function (choice, i) {
        var id = name + "-" + i;
        var input = el("input", { type: "radio", name: name, id: id, value: choice.value, "data-item": item.id });
        if (String(state.answers[item.id]) === choice.value) { input.checked = true; }
        var label = el("label", { "for": id }, [input, el("span", choice.html ? { html: choice.label } : { text: choice.label })]);
        options.appendChild(label);
      });
      var note = el("p", { "class": "kemenag-quiz__note", id: name + "-note", hidden: true, text: S.notAnswered });
      list.appendChild(el("li", { id: name, "data-question": item.id, tabindex: "-1" }, [el("fieldset", {}, [legend, options, note])]));
    });
    updateProgress();
  }

  function updateProgress() {
    var answered = state.items.filter(function (item) { return state.answers[item.id] !== undefined; }).length;
    part("progress").textContent = fmt(S.answered, { n: answered, total: state.items.length });
  }

  function questionBox(itemId) { return part("items").querySelector('[data-question="' + itemId + '"]'); }

  function unanswered() {
    return state.items.map(function (item, position) { return { item: item, position: position }; })
      .filter(function (entry) { return state.answers[entry.item.id] === undefined; });
  }

  /* An unanswered question the learner is sent to: marked invalid and described by its note. */
  function markUnanswered(itemId) {
    var box = questionBox(itemId);
    if (!box) { return; }
    var group = box.querySelector('[role="radiogroup"]'), note = box.querySelector(".kemenag-quiz__note");
    group.setAttribute("aria-invalid", "true");
    group.setAttribute("aria-describedby", note.id);
    note.hidden = false;
  }

  function markAnswered(itemId) {
    var box = questionBox(itemId);
    if (!box) { return; }
    var group = box.querySelector('[role="radiogroup"]');
    group.removeAttribute("aria-invalid");
    group.removeAttribute("aria-describedby");
    box.querySelector(".kemenag-quiz__note").hidden = true;
  }

  function goTo(itemId) {
    var box = questionBox(itemId);
    if (!box) { return; }
    markUnanswered(itemId);
    box.scrollIntoView({ block: "center" });
    box.querySelector("input").focus();
  }

  function onChange(event) {
    var input = event.target;
    if (!input.matches('input[type="radio"][data-item]') || state.submitting) { return; }
    var item = state.items.filter(function (it) { return it.id === input.dataset.item; })[0];
    var value = item.type === "likert" ? parseInt(input.value, 10) : input.value;
    state.answers[item.id] = value;
    state.dirty[item.id] = value;
    markAnswered(item.id);
    keep();
    updateProgress();
    showSync();
    clearTimeout(state.saveTimer);
    state.saveTimer = setTimeout(flush, 600);
  }

  /* ---- the device's copy: written before anything is sent, dropped once the attempt is scored ---- */

  var draftPrefix = "kemenag-quiz:" + (init.draftKey || "") + ":";

  function draftKey() { return draftPrefix + state.attempt; }

  function readDraft() {
    try { return JSON.parse(window.localStorage.getItem(draftKey()) || "null") || {}; } catch (e) { return {}; }
  }

  function keep() {
    try {
      window.localStorage.setItem(draftKey(), JSON.stringify({ answers: state.answers, pending: state.dirty, submitting: state.submitting }));
    } catch (e) { /* storage full or disabled: the answers still go to the server */ }
  }

  function dropDrafts(except) {
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf(draftPrefix) === 0 && key !== except) { window.localStorage.removeItem(key); }
      });
    } catch (e) { /* nothing stored */ }
  }

  /* ---- saved / not yet saved, seen and announced ---- */

  function showSync() {
    if (!sync) { return; }
    var pending = Object.keys(state.dirty).length;
    var waiting = state.stalled || state.retryDelay > 0 || !navigator.onLine;
    var text = pending ? fmt(S.unsaved, { n: pending }) + " " + (waiting ? S.kept : S.saving) : S.allSaved;
    sync.dataset.state = pending ? "unsaved" : "saved";
    if (sync.textContent !== text) { sync.textContent = text; }
  }

  /* ---- sending: answers the server has not confirmed, then a submission waiting for the line ---- */

  function retryLater() {
    clearTimeout(state.retryTimer);
    state.retryDelay = Math.min(30000, state.retryDelay ? state.retryDelay * 2 : 1000);
    state.retryTimer = setTimeout(flush, state.retryDelay);
    showSync();
    if (state.submitting) { status(S.queued); }
  }

  function flush() {
    clearTimeout(state.saveTimer);
    clearTimeout(state.retryTimer);
    if (state.inFlight || state.attempt === null) { return state.inFlight || Promise.resolve(); }
    var sending = {};
    Object.keys(state.dirty).forEach(function (id) { sending[id] = state.dirty[id]; });
    if (!Object.keys(sending).length) { return state.submitting ? sendSubmission() : Promise.resolve(); }
    showSync();
    state.inFlight = call("save_answers", { answers: sending }).then(function () {
      state.inFlight = null;
      state.retryDelay = 0;
      state.stalled = false;
      // An answer changed while this request was out is still dirty: only what was sent is confirmed.
      Object.keys(sending).forEach(function (id) { if (state.dirty[id] === sending[id]) { delete state.dirty[id]; } });
      keep();
      showSync();
      return flush();
    }, function (error) {
      state.inFlight = null;
      if (!error.refused) { retryLater(); return; }
      // Submitting: the submission carries every answer and the server has the last word on it.
      if (state.submitting) { return sendSubmission(); }
      // The server said no (time is over, or the attempt was submitted elsewhere): say so, keep the answers.
      state.stalled = true;
      showSync();
      status(error.message + " " + S.stillKept);
    });
    return state.inFlight;
  }

  function sendSubmission() {
    sayNear(part("paper").querySelector('button[type="submit"]'), S.saving);
    state.inFlight = call("submit", { answers: state.answers }).then(function (body) {
      state.inFlight = null;
      finished(body);
    }, function (error) {
      state.inFlight = null;
      if (!error.refused) { retryLater(); return; }
      // A refusal may mean an earlier try went through and only its answer was lost on the line.
      return call("student_view_user_state", null, "GET").then(function (learner) {
        if (!learner.open && learner.result && learner.attempts_used >= state.attempt) {
          finished(learner.result);
          status(error.message);  // e.g. time ran out on the server first: say why these answers did not count
          return;
        }
        throw error;
      }).catch(function () {
        state.submitting = false;
        keep();
        lockPaper(false);
        status(error.message + " " + S.stillKept);
      });
    });
    return state.inFlight;
  }

  function finished(result) {
    state.submitting = false;
    state.dirty = {};
    state.retryDelay = 0;
    dropDrafts();
    clearInterval(state.timer);
    part("timer").hidden = true;
    part("paper").hidden = true;
    showResults(result);
  }

  function lockPaper(locked) {
    part("paper").querySelectorAll("input, button").forEach(function (control) { control.disabled = locked; });
  }

  /* ---- countdown: the server decides; this shows what is left ---- */

  function startTimer(secondsLeft) {
    var box = part("timer");
    if (secondsLeft === null || secondsLeft === undefined) { box.hidden = true; return; }
    state.deadline = Date.now() + secondsLeft * 1000;
    box.hidden = false;
    var announced = {};
    function tick() {
      var left = Math.max(0, Math.round((state.deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      part("timer-value").textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      [300, 60].forEach(function (mark) {
        if (left <= mark && left > 0 && !announced[mark]) { announced[mark] = true; status(S.timeLeft + ": " + part("timer-value").textContent); }
      });
      if (left === 0) {
        clearInterval(state.timer);
        closeDialog(false);
        status(S.timeUpTitle + ". " + S.timeUp);
        submit(true);
      }
    }
    clearInterval(state.timer);
    state.timer = setInterval(tick, 1000);
    tick();
  }

  function start() {
    if (state.busy) { return; }
    state.busy = true;
    call("start_attempt", {}).then(function (body) {
      state.busy = false;
      if (body.submitted) { dropDrafts(); showResults(body.submitted); return; }
      state.items = body.items;
      state.attempt = body.attempt;
      dropDrafts(draftKey());  // leftovers of earlier attempts
      // What this device has not had confirmed wins over the server's copy, then goes out again.
      var draft = readDraft();
      state.dirty = draft.pending || {};
      state.answers = Object.assign({}, body.answers || {}, state.dirty);
      state.submitting = Boolean(draft.submitting);
      state.timedOut = false;
      part("intro").hidden = true;
      part("results").hidden = true;
      part("paper").hidden = false;
      part("paper").insertBefore(part("status"), part("paper").querySelector('button[type="submit"]').nextSibling);
      renderItems();
      startTimer(body.seconds_left);
      showSync();
      if (state.submitting) { lockPaper(true); flush(); return; }  // submitted before a reload: carry on
      if (Object.keys(state.dirty).length) { flush(); }
      var first = part("items").querySelector("input");
      if (first) { first.focus(); }
    }).catch(function (error) { state.busy = false; sayNear(state.lastAction, error.message); });
  }

  /* ---- before submitting: an in-page dialog that says what is unanswered and leads there ---- */

  var dialog = part("confirm");

  function closeDialog(returnFocus) {
    dialog.hidden = true;
    if (returnFocus) { part("paper").querySelector('button[type="submit"]').focus(); }
  }

  function askToSubmit() {
    var missing = unanswered();
    var body = part("confirm-body");
    body.innerHTML = "";
    part("confirm-title").textContent = missing.length ? fmt(S.unansweredTitle, { n: missing.length, total: state.items.length }) : S.confirmTitle;
    if (missing.length) {
      body.appendChild(el("p", { text: S.unansweredZero }));
      body.appendChild(el("ul", { "class": "kemenag-quiz__missing" }, missing.map(function (entry) {
        var link = el("a", { href: "#" + questionBox(entry.item.id).id, "data-go": entry.item.id,
          text: fmt(S.question, { n: entry.position + 1, total: state.items.length }) });
        return el("li", {}, [link]);
      })));
    }
    body.appendChild(el("p", { text: S.confirmSubmit }));
    part("confirm-submit").textContent = missing.length ? S.submitAnyway : S.submit;
    dialog.hidden = false;
    (missing.length ? body.querySelector("a") : part("confirm-submit")).focus();
  }

  dialog.addEventListener("click", function (event) {
    var go = event.target.closest("[data-go]");
    if (go) { event.preventDefault(); closeDialog(false); unanswered().forEach(function (e) { markUnanswered(e.item.id); }); goTo(go.dataset.go); return; }
    if (event.target.closest('[data-part="confirm-cancel"]')) { closeDialog(true); return; }
    if (event.target.closest('[data-part="confirm-submit"]')) { closeDialog(false); submit(false, true); }
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeDialog(true); }
  });

  function submit(timeUp, confirmed) {
    if (state.submitting || state.attempt === null) { return; }
    if (!timeUp && !confirmed) { askToSubmit(); return; }
    state.timedOut = Boolean(timeUp);
    state.submitting = true;
    keep();
    lockPaper(true);
    if (!navigator.onLine) { status(S.queued); }
    flush();
  }

  /* ---- results: an SVG chart with a table that says the same ---- */

  function chart(result) {
    var ns = "http://www.w3.org/2000/svg";
    // Drawn at the width it is shown (a phone's 300-odd px up to 640), so its 13 px labels stay 13 px.
    var width = Math.max(280, Math.min(640, Math.round(root.getBoundingClientRect().width) || 640));
    var rows = result.details, barH = 28, gap = 14, labelW = 0;
    var height = rows.length * (barH + gap) + 30;
    var chartId = root.getAttribute("aria-labelledby").replace(/-title$/, "") + "-chart";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", chartId + "-t");
    svg.setAttribute("class", "kemenag-quiz__chart");
    var title = document.createElementNS(ns, "title");
    title.id = chartId + "-t";
    title.textContent = S.chartTitle + ": " + rows.map(function (r) { return r.name + " " + num(r.index) + " (" + r.category + ")"; }).join("; ");
    svg.appendChild(title);
    [0, 50, 100].forEach(function (tick) {
      var x = labelW + tick / 100 * (width - 60);
      var line = document.createElementNS(ns, "line");
      line.setAttribute("x1", x); line.setAttribute("x2", x); line.setAttribute("y1", 0); line.setAttribute("y2", height - 22);
      line.setAttribute("class", "kemenag-quiz__grid");
      svg.appendChild(line);
      var text = document.createElementNS(ns, "text");
      text.setAttribute("x", x); text.setAttribute("y", height - 6); text.setAttribute("class", "kemenag-quiz__tick");
      text.textContent = tick;
      svg.appendChild(text);
    });
    rows.forEach(function (row, i) {
      var y = i * (barH + gap);
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", 4); label.setAttribute("y", y + 12); label.setAttribute("class", "kemenag-quiz__barlabel");
      // A phone has room for the name and index only; the category is in the table below.
      label.textContent = row.name + ": " + num(row.index) + (width < 480 ? "" : " — " + row.category);
      svg.appendChild(label);
      var bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", labelW); bar.setAttribute("y", y + 16);
      bar.setAttribute("width", Math.max(2, row.index / 100 * (width - 60))); bar.setAttribute("height", barH - 12);
      bar.setAttribute("class", "kemenag-quiz__bar");
      svg.appendChild(bar);
    });
    return svg;
  }

  function table(result) {
    var head = el("tr", {}, [el("th", { scope: "col", text: S.dimension }), el("th", { scope: "col", text: S.index }), el("th", { scope: "col", text: S.category })]);
    if (result.has_pretest) {
      head.appendChild(el("th", { scope: "col", text: S.pre }));
      head.appendChild(el("th", { scope: "col", text: S.gain }));
    }
    // Each cell names its column (data-label): on a phone the rows stack and the labels show.
    var body = el("tbody", {}, result.details.map(function (row) {
      var tr = el("tr", {}, [
        el("th", { scope: "row", text: row.name }),
        el("td", { "data-label": S.index, text: num(row.index) }),
        el("td", { "data-label": S.category, text: row.category })
      ]);
      if (result.has_pretest) {
        tr.appendChild(el("td", { "data-label": S.pre, text: num(row.pre) }));
        tr.appendChild(el("td", { "data-label": S.gain, text: signed(row.gain) }));
      }
      return tr;
    }));
    var caption = result.has_pretest ? S.tableCaption + " — " + S.gainTitle : S.tableCaption;
    // On a phone the table may scroll sideways: a named region that takes focus, so keyboards can too.
    return el("div", { "class": "kemenag-quiz__scroll", tabindex: "0", role: "region", "aria-label": caption }, [
      el("table", { "class": "kemenag-quiz__stack" }, [el("caption", { text: caption }), el("thead", {}, [head]), body])
    ]);
  }

  function countedLine(result) {
    var counted = result.counted;
    if (!counted) { return null; }
    var rule = { highest: S.countedHighest, latest: S.countedLatest, first: S.countedFirst }[counted.rule];
    var which = fmt(S.countedAttempt, { n: counted.number, overall: num(counted.overall) });
    return el("p", { "class": "kemenag-quiz__counted", "data-result": "counted" }, [rule + " " + which]);
  }

  function showResults(result) {
    var box = part("results");
    box.innerHTML = "";
    part("intro").hidden = true;
    // The live region leaves the (now hidden) paper: a reason given with the results shows above them.
    box.parentNode.insertBefore(part("status"), box);
    status("");
    if (result.timed_out || state.timedOut) {
      // Time ran out (watching, or while away): say so, and which answers were scored.
      box.appendChild(el("div", { "class": "kemenag-quiz__timeup", role: "alert" }, [
        el("h3", { text: S.timeUpTitle }),
        el("p", { text: fmt(S.timeUpCounted, { n: result.answered, total: result.questions }) })
      ]));
    }
    box.appendChild(el("h3", { text: S.resultsTitle }));
    box.appendChild(el("p", { "class": "kemenag-quiz__overall" }, [
      el("span", { text: S.overall + ": " }), el("strong", { "data-result": "overall", text: num(result.overall) }),
      el("span", { text: " — " + S.category + ": " }), el("strong", { "data-result": "category", text: result.category })
    ]));
    if (result.has_pretest && result.pre_overall !== null && result.pre_overall !== undefined) {
      box.appendChild(el("p", { "class": "kemenag-quiz__headline", "data-result": "gain" }, [
        fmt(S.overallGain, { pre: num(result.pre_overall), post: num(result.overall), gain: signed(result.overall_gain) })
      ]));
    }
    box.appendChild(chart(result));
    box.appendChild(table(result));
    result.details.forEach(function (row) {
      if (!row.feedback.length && !row.recommended.length) { return; }
      var section = el("div", { "class": "kemenag-quiz__feedback" }, [el("h3", { text: row.name + " — " + row.category })]);
      row.feedback.forEach(function (html) { section.appendChild(el("div", { html: html })); });
      if (row.recommended.length) {
        section.appendChild(el("p", { text: S.recommended + ":" }));
        section.appendChild(el("ul", {}, row.recommended.map(function (unit) { return el("li", {}, [el("a", { href: unit.url, text: unit.title })]); })));
      }
      box.appendChild(section);
    });
    if (result.attempts_left === null || result.attempts_left > 0) {
      if (result.attempts_left !== null) { box.appendChild(el("p", { text: fmt(S.attemptsLeft, { n: result.attempts_left }) })); }
      box.appendChild(countedLine(result));  // before a retake: which attempt will count
      var again = el("button", { type: "button", "class": "kemenag-quiz__button", "data-action": "start", text: S.tryAgain });
      box.appendChild(again);
    } else {
      box.appendChild(el("p", { text: S.noAttemptsLeft }));
      if (result.attempts_used > 1) { box.appendChild(countedLine(result)); }
    }
    box.hidden = false;
    box.focus();
  }

  /* ---- staff: export ---- */

  function exportAttempts(button) {
    var out = part("export");
    button.disabled = true;
    call("export_attempts", {}).then(function (body) {
      button.disabled = false;
      out.innerHTML = "";
      if (body.status === "ready") {
        out.appendChild(document.createTextNode(S.exportReady + " "));
        out.appendChild(el("a", { href: body.url, download: "", text: S.download }));
      } else {
        out.appendChild(document.createTextNode(S.exportStarted + " "));
        out.appendChild(el("a", { href: body.url, download: "", text: S.download }));
        pollExport(out, body, 100);
      }
    }).catch(function (error) { button.disabled = false; out.textContent = error.message; });
  }

  /* The export runs on a Celery worker: its status (common/reports.py) says when it is ready or why it failed. */
  function pollExport(out, body, attempts) {
    if (!body.status_url || attempts <= 0) { return; }
    setTimeout(function () {
      fetch(body.status_url, { credentials: "same-origin" }).then(function (response) {
        return response.json();
      }).then(function (status) {
        if (status.state === "ready") {
          out.innerHTML = "";
          out.appendChild(document.createTextNode(S.exportReady + " "));
          out.appendChild(el("a", { href: body.url, download: "", text: S.download }));
        } else if (status.state === "failed") {
          out.textContent = status.message;
        } else {
          pollExport(out, body, attempts - 1);
        }
      }).catch(function () { pollExport(out, body, attempts - 1); });
    }, 2000);
  }

  /* ---- staff: the report, fetched when opened ---- */

  function loadReport() {
    var body = part("report-body");
    fetch(runtime.handlerUrl(element, "staff_report_html"), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(S.error); }
      return response.text();
    }).then(function (html) {
      body.innerHTML = html;  // rendered and escaped by the server's template
      body.setAttribute("aria-busy", "false");
    }).catch(function (error) { body.textContent = error.message; body.setAttribute("aria-busy", "false"); });
  }

  var reportBox = part("report-box");
  if (reportBox) {
    reportBox.addEventListener("toggle", function () {
      if (reportBox.open && !reportBox.dataset.loaded) { reportBox.dataset.loaded = "1"; loadReport(); }
    });
  }

  root.addEventListener("change", onChange);
  root.addEventListener("click", function (event) {
    var action = event.target.closest("[data-action]");
    if (!action || !root.contains(action)) { return; }
    state.lastAction = action;
    if (action.dataset.action === "start") { start(); }
    if (action.dataset.action === "export") { exportAttempts(action); }
  });
  part("paper").addEventListener("submit", function (event) {
    event.preventDefault();
    submit(false);
  });
  // The line is back: send now rather than at the next back-off step.
  window.addEventListener("online", function () { state.retryDelay = 0; flush(); });
  window.addEventListener("offline", showSync);
  window.addEventListener("pagehide", function () { if (Object.keys(state.dirty).length) { flush(); } });

  root.dataset.ready = "true";  // handlers bound: tests (and curious humans) can tell
  var initial = init.state || {};
  if (initial.open) {
    part("intro").querySelector('[data-action="start"]').textContent = S.resume;
    start();
  } else if (initial.result) {
    showResults(initial.result);
  }
  if (init.maxAttempts && initial.attempts_left === 0 && !initial.result) {
    var button = part("intro").querySelector('[data-action="start"]');
    if (button) { button.hidden = true; }
  }
}
