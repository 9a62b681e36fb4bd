/* The assignment's Studio editor: settings, and the rubric as criteria and levels (add, remove,
 * reorder, checked as the author types). Only changed fields are sent to submit_studio_edits, so
 * saving an untouched editor changes nothing. Strings come translated in args.strings; the
 * browser toolkit is common/kemenag.js (KemenagKit). */
function KemenagAssignmentStudio(runtime, element, args) {
  "use strict";
  var K = window.KemenagKit;
  var root = element && element.jquery ? element[0] : element;
  var form = root.querySelector("[data-role=studio]") || root;
  var S = args.strings;
  var initial = args.values;
  var rubric = JSON.parse(JSON.stringify(args.rubric || []));
  var initialRubric = JSON.stringify(normalised(rubric));
  var status = form.querySelector("[data-role=studio-status]");
  var list = form.querySelector("[data-role=criteria]");
  var uid = form.id || "kemenag-studio";

  function field(name) { return form.elements[name]; }

  /* "12,5" and "12.5" both mean twelve and a half: authors type either. */
  function parseNumber(text) {
    var clean = String(text === undefined || text === null ? "" : text).trim().replace(",", ".");
    if (clean === "" || !/^-?\d*(\.\d+)?$/.test(clean) || clean === "-" || clean === ".") { return null; }
    return Number(clean);
  }

  function mark(input, message, errorNode) {
    var invalid = !!message;
    input.setAttribute("aria-invalid", invalid ? "true" : "false");
    if (errorNode) {
      errorNode.textContent = message || "";
      errorNode.hidden = !invalid;
    }
    return !invalid;
  }

  function numberProblem(name, text) {
    var bound = args.bounds[name];
    if (String(text).trim() === "") { return S.required; }
    var value = parseNumber(text);
    if (value === null) { return S.number; }
    if (bound.whole && Math.floor(value) !== value) { return S.whole; }
    if (bound.min !== null && value < bound.min) { return K.fmt(S.atLeast, { min: bound.min }); }
    if (bound.max !== null && value > bound.max) { return K.fmt(S.atMost, { max: bound.max }); }
    return null;
  }

  function errorFor(name) { return form.querySelector('[data-error-for="' + name + '"]'); }

  function checkField(name) {
    if (args.bounds[name]) {
      var input = field(name);
      /* A number input holding something the browser cannot read reports "" with badInput. */
      var text = input.validity && input.validity.badInput ? "x" : input.value;
      return mark(input, numberProblem(name, text), errorFor(name));
    }
    if (name === "display_name") {
      return mark(field(name), field(name).value.trim() ? null : S.required, errorFor(name));
    }
    if (name === "allowed_types") {
      var box = form.querySelector("[data-role=types]");
      return mark(box, chosenTypes() ? null : S.types, errorFor(name));
    }
    return true;
  }

  function chosenTypes() {
    return Array.prototype.filter.call(form.querySelectorAll("input[name=allowed_types]"), function (box) { return box.checked; })
      .map(function (box) { return box.value; }).join(",");
  }

  /* ---- rubric editor ------------------------------------------------------------------------ */
  function normalised(criteria) {
    return criteria.map(function (c) {
      return {
        name: String(c.name || "").trim(),
        description: String(c.description || "").trim(),
        levels: (c.levels || []).map(function (l) {
          var points = typeof l.points === "number" ? l.points : parseNumber(l.points);
          return { label: String(l.label || "").trim(), points: points };
        })
      };
    });
  }

  function numberText(value) {
    if (value === null || value === undefined || value === "") { return ""; }
    return String(value);
  }

  function button(text, label, onClick, disabled) {
    var node = K.el("button", { type: "button", "class": "kemenag-button kemenag-button--secondary kemenag-studio__small", "aria-label": label, text: text });
    node.disabled = !!disabled;
    node.addEventListener("click", onClick);
    return node;
  }

  function move(items, from, to) {
    var item = items.splice(from, 1)[0];
    items.splice(to, 0, item);
  }

  function input(attrs, value, onInput) {
    var node = K.el("input", attrs);
    node.value = value;
    node.addEventListener("input", function () { onInput(node.value); checkRubric(); });
    return node;
  }

  function renderRubric(focusSelector) {
    list.textContent = "";
    rubric.forEach(function (criterion, ci) {
      var number = ci + 1;
      var id = uid + "-c" + ci;
      var levels = K.el("ol", { "class": "kemenag-studio__levels" });
      criterion.levels.forEach(function (level, li) {
        var lid = id + "-l" + li;
        var names = { number: li + 1, criterion: number };
        levels.appendChild(K.el("li", { "class": "kemenag-studio__level", "data-level": String(li) }, [
          K.el("label", { "for": lid + "-label", text: K.fmt(S.level, { number: li + 1 }) + " · " + S.levelLabel }),
          input({ type: "text", id: lid + "-label", "data-part": "label", maxlength: "200", "aria-describedby": lid + "-error" }, level.label, function (v) { level.label = v; }),
          K.el("label", { "for": lid + "-points", text: S.levelPoints }),
          input({ type: "number", inputmode: "decimal", step: "any", min: "0", id: lid + "-points", "data-part": "points", "aria-describedby": lid + "-error" },
            numberText(level.points), function (v) { level.points = v; }),
          K.el("span", { "class": "kemenag-studio__tools" }, [
            button("↑", K.fmt(S.moveLevelUp, names), function () { move(criterion.levels, li, li - 1); renderRubric('[data-criterion="' + ci + '"] [data-level="' + (li - 1) + '"] [data-part=label]'); }, li === 0),
            button("↓", K.fmt(S.moveLevelDown, names), function () { move(criterion.levels, li, li + 1); renderRubric('[data-criterion="' + ci + '"] [data-level="' + (li + 1) + '"] [data-part=label]'); }, li === criterion.levels.length - 1),
            button("✕", K.fmt(S.removeLevel, names), function () { criterion.levels.splice(li, 1); renderRubric('[data-criterion="' + ci + '"] [data-role=add-level]'); }, criterion.levels.length <= 2)
          ]),
          K.el("p", { "class": "kemenag-studio__error", id: lid + "-error", hidden: true })
        ]));
      });
      var addLevel = K.el("button", { type: "button", "class": "kemenag-button kemenag-button--secondary", "data-role": "add-level", text: S.addLevel });
      addLevel.disabled = criterion.levels.length >= args.limits.levels;
      addLevel.addEventListener("click", function () {
        criterion.levels.push({ label: "", points: "" });
        renderRubric('[data-criterion="' + ci + '"] [data-level="' + (criterion.levels.length - 1) + '"] [data-part=label]');
      });
      var item = K.el("li", { "class": "kemenag-studio__criterion", "data-criterion": String(ci) }, [
        K.el("div", { "class": "kemenag-studio__criterion-head" }, [
          K.el("h3", { text: K.fmt(S.criterion, { number: number }) }),
          K.el("span", { "class": "kemenag-studio__tools" }, [
            button("↑", K.fmt(S.moveUp, { number: number }), function () { move(rubric, ci, ci - 1); renderRubric('[data-criterion="' + (ci - 1) + '"] [data-part=name]'); }, ci === 0),
            button("↓", K.fmt(S.moveDown, { number: number }), function () { move(rubric, ci, ci + 1); renderRubric('[data-criterion="' + (ci + 1) + '"] [data-part=name]'); }, ci === rubric.length - 1),
            button("✕", K.fmt(S.removeCriterion, { number: number }), function () { rubric.splice(ci, 1); renderRubric("[data-role=add-criterion]"); })
          ])
        ]),
        K.el("label", { "for": id + "-name", text: K.fmt(S.criterionName, { number: number }) }),
        input({ type: "text", id: id + "-name", "data-part": "name", maxlength: "200", "aria-describedby": id + "-error" }, criterion.name, function (v) { criterion.name = v; }),
        K.el("label", { "for": id + "-description", text: S.criterionDescription }),
        input({ type: "text", id: id + "-description", "data-part": "description", maxlength: "1000" }, criterion.description || "", function (v) { criterion.description = v; }),
        K.el("p", { "class": "kemenag-studio__error", id: id + "-error", hidden: true }),
        levels,
        addLevel
      ]);
      list.appendChild(item);
    });
    if (!rubric.length) { list.appendChild(K.el("li", { "class": "kemenag-studio__help", text: S.noRubric })); }
    form.querySelector("[data-role=add-criterion]").disabled = rubric.length >= args.limits.criteria;
    checkRubric(true);
    if (focusSelector) {
      var target = form.querySelector(focusSelector);
      if (target) { target.focus(); }
    }
  }

  /* Marks every problem of the rubric; true when it can be saved. ``quiet`` leaves untouched
   * empty fields unmarked (a new level is not an error before the author has typed). */
  function checkRubric(quiet) {
    var ok = true;
    var top = 0;
    rubric.forEach(function (criterion, ci) {
      var item = list.querySelector('[data-criterion="' + ci + '"]');
      if (!item) { return; }
      var nameInput = item.querySelector("[data-part=name]");
      var problem = !criterion.name.trim() ? S.needName : null;
      if (criterion.levels.length < 2 || criterion.levels.length > args.limits.levels) {
        problem = K.fmt(S.needLevels, { max: args.limits.levels });
      }
      ok = mark(nameInput, quiet && !criterion.name ? null : problem, item.querySelector("#" + CSS.escape(nameInput.id.replace(/-name$/, "-error")))) && ok;
      if (problem) { ok = false; }
      var most = 0;
      criterion.levels.forEach(function (level, li) {
        var row = item.querySelector('[data-level="' + li + '"]');
        var labelInput = row.querySelector("[data-part=label]");
        var pointsInput = row.querySelector("[data-part=points]");
        var labelProblem = String(level.label || "").trim() ? null : S.needLabel;
        var text = pointsInput.validity && pointsInput.validity.badInput ? "x" : String(level.points === null ? "" : level.points);
        var value = parseNumber(text);
        var pointsProblem = text.trim() === "" ? S.required : (value === null ? S.number : (value < 0 ? K.fmt(S.atLeast, { min: 0 }) : null));
        var errorNode = row.querySelector(".kemenag-studio__error");
        var fresh = quiet && !level.label && String(level.points) === "";
        mark(labelInput, fresh ? null : labelProblem);
        mark(pointsInput, fresh ? null : pointsProblem);
        var shown = fresh ? "" : [labelProblem, pointsProblem].filter(Boolean).join(" ");
        errorNode.textContent = shown;
        errorNode.hidden = !shown;
        if (labelProblem || pointsProblem) { ok = false; } else { most = Math.max(most, value); }
      });
      top += most;
    });
    var total = form.querySelector("[data-role=rubric-total]");
    var weight = parseNumber(field("weight").value);
    total.textContent = rubric.length && ok ? K.fmt(S.rubricTotal, { points: format(top), weight: weight === null ? "–" : format(weight) }) : "";
    return ok;
  }

  function format(value) {
    try { return new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 2, useGrouping: false }).format(value); } catch (e) { return String(value); }
  }

  form.querySelector("[data-role=add-criterion]").addEventListener("click", function () {
    rubric.push({ name: "", description: "", levels: [{ label: "", points: "" }, { label: "", points: "" }] });
    renderRubric('[data-criterion="' + (rubric.length - 1) + '"] [data-part=name]');
  });

  /* ---- saving --------------------------------------------------------------------------------- */
  function current() {
    return {
      display_name: field("display_name").value,
      instructions: field("instructions").value,
      weight: field("weight").value,
      max_files: field("max_files").value,
      max_file_mb: field("max_file_mb").value,
      allowed_types: chosenTypes(),
      due_date: field("due_date").value,
      grace_hours: field("grace_hours").value,
      late_policy: field("late_policy").value
    };
  }

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("is-error", !!isError);
    status.focus();
  }

  ["display_name", "weight", "max_files", "max_file_mb", "grace_hours"].forEach(function (name) {
    field(name).addEventListener("input", function () { checkField(name); if (name === "weight") { checkRubric(true); } });
  });
  form.querySelectorAll("input[name=allowed_types]").forEach(function (box) {
    box.addEventListener("change", function () { checkField("allowed_types"); });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var valid = ["display_name", "weight", "max_files", "max_file_mb", "grace_hours", "allowed_types"]
      .map(checkField).every(Boolean);
    valid = checkRubric(false) && valid;
    if (!valid) {
      say(S.fixFirst, true);
      var first = form.querySelector("[aria-invalid=true]");
      if (first && first.focus) { first.focus(); }
      return;
    }
    var now = current();
    var values = {};
    Object.keys(now).forEach(function (name) {
      var before = initial[name] === null || initial[name] === undefined ? "" : String(initial[name]);
      if (now[name] === before) { return; }
      if (args.bounds[name]) { values[name] = parseNumber(now[name]); } else if (name === "due_date") { values[name] = now[name] || null; } else { values[name] = now[name]; }
    });
    var clean = normalised(rubric);
    if (JSON.stringify(clean) !== initialRubric) { values.rubric = clean; }
    if (!Object.keys(values).length) {
      say(S.unchanged);
      if (runtime.notify) { runtime.notify("cancel", {}); }
      return;
    }
    say(S.saving);
    if (runtime.notify) { runtime.notify("save", { state: "start", message: S.saving }); }
    K.call(runtime, root, "submit_studio_edits", { values: values, defaults: [] }, { strings: S }).then(function () {
      Object.keys(values).forEach(function (name) { if (name !== "rubric") { initial[name] = now[name]; } });
      initialRubric = JSON.stringify(clean);
      say(S.saved);
      if (runtime.notify) { runtime.notify("save", { state: "end" }); }
    }, function (error) {
      /* A refusal carries the server's reason; a 5xx says the server failed; no answer: the network. */
      say(error.message, true);
      if (runtime.notify) { runtime.notify("error", { title: S.refused, message: error.message }); }
    });
  });

  form.querySelector("[data-role=cancel]").addEventListener("click", function () {
    if (runtime.notify) { runtime.notify("cancel", {}); }
  });

  renderRubric();
}
