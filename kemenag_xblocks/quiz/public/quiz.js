/* Moderation quiz: the learner's paper, countdown, autosave, results chart; the staff export.
 * Everything is scoped to this block's element; the browser never holds scores or keys. */
function KemenagQuiz(runtime, element, init) {
  "use strict";
  var root = (element.jquery ? element[0] : element).querySelector("[data-quiz-root]") || element;
  var S = init.strings;
  var part = function (name) { return root.querySelector('[data-part="' + name + '"]'); };
  var state = { items: [], answers: {}, dirty: {}, timer: null, deadline: null, saveTimer: null, busy: false };

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function call(handler, payload) {
    return fetch(runtime.handlerUrl(element, handler), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "X-Requested-With": "XMLHttpRequest" },
      body: JSON.stringify(payload || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(body.error || S.error); }
        return body;
      });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else if (key === "html") { node.innerHTML = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
  }

  function status(text) { part("status").textContent = text; }

  /* ---- the paper ---- */

  function renderItems() {
    var list = part("items");
    list.innerHTML = "";
    var domId = root.getAttribute("aria-labelledby").replace(/-title$/, "");
    state.items.forEach(function (item, position) {
      var name = domId + "-q-" + item.id;
      var legend = el("legend", {}, [
        el("span", { "class": "kemenag-quiz__qnum", text: fmt(S.question, { n: position + 1, total: state.items.length }) }),
        el("span", { "class": "kemenag-quiz__prompt", html: item.prompt })
      ]);
      var choices = item.type === "likert"
        ? init.likert.map(function (label, i) { return { value: String(i + 1), label: label }; })
        : item.options.map(function (option) { return { value: option.id, label: option.text, html: true }; });
      var options = el("div", { "class": "kemenag-quiz__options kemenag-quiz__options--" + item.type });
      choices.forEach(function (choice, i) {
        var id = name + "-" + i;
        var input = el("input", { type: "radio", name: name, id: id, value: choice.value, "data-item": item.id });
        if (String(state.answers[item.id]) === choice.value) { input.checked = true; }
        var label = el("label", { "for": id }, [input, el("span", choice.html ? { html: choice.label } : { text: choice.label })]);
        options.appendChild(label);
      });
      list.appendChild(el("li", {}, [el("fieldset", {}, [legend, options])]));
    });
    updateProgress();
  }

  function updateProgress() {
    var answered = state.items.filter(function (item) { return state.answers[item.id] !== undefined; }).length;
    part("progress").textContent = fmt(S.answered, { n: answered, total: state.items.length });
  }

  function onChange(event) {
    var input = event.target;
    if (!input.matches('input[type="radio"][data-item]')) { return; }
    var item = state.items.filter(function (it) { return it.id === input.dataset.item; })[0];
    var value = item.type === "likert" ? parseInt(input.value, 10) : input.value;
    state.answers[item.id] = value;
    state.dirty[item.id] = value;
    updateProgress();
    clearTimeout(state.saveTimer);
    state.saveTimer = setTimeout(save, 600);
  }

  function save() {
    var pending = state.dirty;
    if (!Object.keys(pending).length) { return Promise.resolve(); }
    state.dirty = {};
    return call("save_answers", { answers: pending }).then(function () {
      status(S.saved);
    }).catch(function (error) {
      Object.keys(pending).forEach(function (key) { if (!(key in state.dirty)) { state.dirty[key] = pending[key]; } });
      status(error.message || S.saveFailed);
    });
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
        status(S.timeUp);
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
      if (body.submitted) { showResults(body.submitted); return; }
      state.items = body.items;
      state.answers = body.answers || {};
      part("intro").hidden = true;
      part("results").hidden = true;
      part("paper").hidden = false;
      renderItems();
      startTimer(body.seconds_left);
      var first = part("items").querySelector("input");
      if (first) { first.focus(); }
    }).catch(function (error) { state.busy = false; status(error.message); });
  }

  function submit(timeUp) {
    if (state.busy) { return; }
    if (!timeUp && !window.confirm(S.confirmSubmit)) { return; }
    state.busy = true;
    clearTimeout(state.saveTimer);
    call("submit", { answers: state.answers }).then(function (body) {
      state.busy = false;
      clearInterval(state.timer);
      part("timer").hidden = true;
      part("paper").hidden = true;
      showResults(body);
    }).catch(function (error) { state.busy = false; status(error.message); });
  }

  /* ---- results: an SVG chart with a table that says the same ---- */

  function chart(result) {
    var ns = "http://www.w3.org/2000/svg";
    var rows = result.details, barH = 28, gap = 14, labelW = 0, width = 640;
    var height = rows.length * (barH + gap) + 30;
    var chartId = root.getAttribute("aria-labelledby").replace(/-title$/, "") + "-chart";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", chartId + "-t");
    svg.setAttribute("class", "kemenag-quiz__chart");
    var title = document.createElementNS(ns, "title");
    title.id = chartId + "-t";
    title.textContent = S.chartTitle + ": " + rows.map(function (r) { return r.name + " " + r.index + " (" + r.category + ")"; }).join("; ");
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
      label.textContent = row.name + ": " + row.index + " — " + row.category;
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
    var body = el("tbody", {}, result.details.map(function (row) {
      var tr = el("tr", {}, [el("th", { scope: "row", text: row.name }), el("td", { text: row.index }), el("td", { text: row.category })]);
      if (result.has_pretest) {
        tr.appendChild(el("td", { text: row.pre === null ? "–" : row.pre }));
        tr.appendChild(el("td", { text: row.gain === null ? "–" : (row.gain > 0 ? "+" : "") + row.gain }));
      }
      return tr;
    }));
    return el("div", { "class": "kemenag-quiz__scroll" }, [el("table", {}, [el("caption", { text: result.has_pretest ? S.tableCaption + " — " + S.gainTitle : S.tableCaption }), el("thead", {}, [head]), body])]);
  }

  function showResults(result) {
    var box = part("results");
    box.innerHTML = "";
    part("intro").hidden = true;
    status("");
    box.appendChild(el("h3", { text: S.resultsTitle }));
    box.appendChild(el("p", { "class": "kemenag-quiz__overall" }, [
      el("span", { text: S.overall + ": " }), el("strong", { "data-result": "overall", text: result.overall }),
      el("span", { text: " — " + S.category + ": " }), el("strong", { "data-result": "category", text: result.category })
    ]));
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
      var again = el("button", { type: "button", "class": "kemenag-quiz__button", "data-action": "start", text: S.tryAgain });
      box.appendChild(again);
    } else {
      box.appendChild(el("p", { text: S.noAttemptsLeft }));
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
      }
    }).catch(function (error) { button.disabled = false; out.textContent = error.message; });
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
    if (action.dataset.action === "start") { start(); }
    if (action.dataset.action === "export") { exportAttempts(action); }
  });
  part("paper").addEventListener("submit", function (event) {
    event.preventDefault();
    save().then(function () { submit(false); });
  });
  window.addEventListener("pagehide", function () { if (Object.keys(state.dirty).length) { save(); } });

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
